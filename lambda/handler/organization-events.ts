import { isAccountId } from '../core/organization';
import type { ResultWriterDetails } from '../core/map-results';
import type { AccountItem } from '../core/organization-run';
import { isRunId, parseAccountItem } from '../core/organization-run';
import { ConfigError } from '../settings/parse';
import { parseIamEvent } from './iam-event';

/** The listing step's event: `{ "runId.$": "$$.Execution.Name" }`. */
export interface ListAccountsEvent {
  readonly runId: string;
}

export function parseListAccountsEvent(event: unknown): ListAccountsEvent {
  return { runId: readRunId((event as { runId?: unknown } | null)?.runId) };
}

/** The run id both steps get (the execution's name), checked before it becomes part of S3 keys. */
function readRunId(runId: unknown): string {
  if (!isRunId(runId)) {
    throw new ConfigError(`event runId must be 1-80 of A-Z a-z 0-9 _ -; got ${JSON.stringify(runId)}`);
  }
  return runId;
}

/** What the account function was invoked for: a map item, or an IAM event from some account. */
export type AuditAccountRequest =
  | { readonly kind: 'item'; readonly item: AccountItem }
  | {
      readonly kind: 'iam-event';
      readonly accountId: string;
      readonly eventName: string;
      /** The user the event named; undefined: the whole account is re-checked. */
      readonly users?: readonly string[];
    };

/**
 * The map's item `{ accountId, accountName?, runId }`, or an EventBridge "AWS API Call via
 * CloudTrail" event from IAM whose `account` is where it happened. Anything else is refused.
 */
export function parseAuditAccountEvent(event: unknown): AuditAccountRequest {
  const item = parseAccountItem(event);
  if (item) return { kind: 'item', item };
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const iamEvent = parseIamEvent(e);
  if (!iamEvent) {
    throw new ConfigError(
      'event must be a map item { accountId: 12 digits, accountName?, runId } or an IAM CloudTrail event; ' +
        `got ${JSON.stringify(event)?.slice(0, 300)}`,
    );
  }
  if (typeof e.account !== 'string' || !isAccountId(e.account)) {
    throw new ConfigError(`IAM event account must be 12 digits; got ${JSON.stringify(e.account)}`);
  }
  return {
    kind: 'iam-event',
    accountId: e.account,
    eventName: iamEvent.eventName,
    users: iamEvent.userName ? [iamEvent.userName] : undefined,
  };
}

/** The aggregation step's event: `{ runId, resultWriterDetails }`. */
export interface AggregateEvent {
  readonly runId: string;
  /**
   * The Map state's `ResultWriterDetails` (`{ Bucket, Key }` of its manifest.json). null or absent
   * when the map wrote none: accounts without a report are then failed without the map's reason.
   */
  readonly resultWriterDetails: ResultWriterDetails | null;
  /** The Map state failed as a whole (state MapFailed): its Error and Cause. */
  readonly mapError?: { readonly error: string; readonly cause: string };
}

export function parseAggregateEvent(event: unknown): AggregateEvent {
  const e = (event ?? {}) as { runId?: unknown; resultWriterDetails?: unknown; map?: unknown };
  const runId = readRunId(e.runId);
  const map = (e.map ?? {}) as { Error?: unknown; Cause?: unknown };
  const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));
  const mapError =
    map.Error === undefined ? {} : { mapError: { error: text(map.Error), cause: text(map.Cause) } };
  const d = e.resultWriterDetails as { Bucket?: unknown; Key?: unknown } | null | undefined;
  if (d === undefined || d === null) return { runId, resultWriterDetails: null, ...mapError };
  if (typeof d.Bucket !== 'string' || typeof d.Key !== 'string' || !d.Bucket || !d.Key) {
    throw new ConfigError(
      `event resultWriterDetails must be { Bucket, Key } (the map's ResultWriterDetails); got ${JSON.stringify(d)}`,
    );
  }
  return { runId, resultWriterDetails: { Bucket: d.Bucket, Key: d.Key }, ...mapError };
}
