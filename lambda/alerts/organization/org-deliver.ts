import type { Changes, NotifyMode } from '../../core/changes';
import type { OrganizationReport } from '../../core/organization';
import type { OutgoingMessage, StateStore } from '../../core/ports';
import type { OrganizationAlertContext } from './org-context';
import { trackOrganizationChanges } from './org-changes';
import { buildOrganizationAlertMessages } from './org-messages';

export interface OrganizationDeliveryOptions {
  readonly notify: NotifyMode;
  /** The organization's digest period (see org-changes.ts); 0 turns digests off. */
  readonly digestEveryDays: number;
  /** Each account's alert state (key `alert-state#<accountId>`). Required in `changes` mode. */
  readonly stateFor?: (accountId: string) => StateStore;
  readonly context: Omit<OrganizationAlertContext, 'changes'>;
  readonly publish: (message: OutgoingMessage) => Promise<string>;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
  /** State items read and written at once; default 25. */
  readonly stateConcurrency?: number;
}

export interface OrganizationDeliveryResult {
  readonly messageIds: readonly string[];
  /** Why nothing was published, when nothing was. */
  readonly quietBecause?: string;
  /** `changes` mode: what changed, by account id (accounts whose state could be read). */
  readonly changesByAccount?: Readonly<Record<string, Changes>>;
}

const DEFAULT_STATE_CONCURRENCY = 25;

/**
 * Publishes the organization's one alert stream. `always`: the full alert every run. `changes`:
 * only what changed per account, or the organization's digest when due (org-changes.ts), or nothing
 * when nothing changed anywhere; a failed organization run always gets its failure notice and
 * touches no state. Every account's state is saved only after every part was published, so a failed
 * publish (which propagates: the invocation fails, the alarm fires) alerts again next run.
 */
export async function deliverOrganizationAlerts(
  report: OrganizationReport,
  options: OrganizationDeliveryOptions,
): Promise<OrganizationDeliveryResult> {
  if (options.notify === 'always' || report.status === 'failed') {
    return { messageIds: await publishAll(buildOrganizationAlertMessages(report, options.context), options) };
  }
  if (!options.stateFor) throw new Error('notify=changes needs a state store per account (stateFor)');
  if (!Number.isFinite(options.digestEveryDays) || options.digestEveryDays < 0) {
    throw new RangeError(`digestEveryDays must be a number of days >= 0; got ${options.digestEveryDays}`);
  }
  const tracked = await trackOrganizationChanges(report, {
    digestEveryDays: options.digestEveryDays,
    stateFor: options.stateFor,
    warn: options.warn,
    concurrency: options.stateConcurrency ?? DEFAULT_STATE_CONCURRENCY,
  });
  const { changesByAccount } = tracked;
  if (!tracked.publish) {
    await tracked.save();
    return {
      messageIds: [],
      quietBecause: 'nothing changed since the last alert in any account',
      changesByAccount,
    };
  }
  const messages = buildOrganizationAlertMessages(report, { ...options.context, changes: tracked.changes });
  const messageIds = await publishAll(messages, options);
  await tracked.save();
  return { messageIds, changesByAccount };
}

/** In order, one at a time: the parts arrive as numbered, and a failure stops the rest. */
async function publishAll(
  messages: readonly OutgoingMessage[],
  options: OrganizationDeliveryOptions,
): Promise<string[]> {
  const ids: string[] = [];
  for (const message of messages) ids.push(await options.publish(message));
  return ids;
}
