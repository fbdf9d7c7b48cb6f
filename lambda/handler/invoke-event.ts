import { ConfigError, readAs } from '../settings/parse';
import type { Strategy } from '../core/types';
import { IAM_USER_NAME_RULE, isIamUserName } from '../core/user-name';
import { parseIamEvent } from './iam-event';

/** What started this invocation. */
export type Trigger = 'invoke' | 'iam-event';

/**
 * An on-demand (or scheduled: `{}`) invocation `{ "dryRun"?: boolean, "strategy"?: ..., "users"?: string[] }`,
 * or a CloudTrail IAM event turned into a re-check of the user it names.
 */
export interface InvokeRequest {
  readonly trigger: Trigger;
  readonly dryRun: boolean;
  readonly strategy?: Strategy;
  readonly users?: readonly string[];
  /** For `iam-event`: the CloudTrail event name. */
  readonly eventName?: string;
}

const KNOWN_KEYS = new Set(['dryRun', 'strategy', 'users']);

/**
 * Strict on purpose: a misspelt `dryrun` must not be ignored and end in a publish. Scheduled
 * invocations send `{}`.
 */
export function parseInvokeEvent(event: unknown): InvokeRequest {
  if (event === null || event === undefined) return { trigger: 'invoke', dryRun: false };
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new ConfigError(`event must be a JSON object; got ${JSON.stringify(event)}`);
  }
  const e = event as Record<string, unknown>;
  const iamEvent = parseIamEvent(e);
  if (iamEvent) {
    // No user named (e.g. root's own MFA, DeleteVirtualMFADevice): a full audit, which checks root too.
    return {
      trigger: 'iam-event',
      dryRun: false,
      users: iamEvent.userName ? [iamEvent.userName] : undefined,
      eventName: iamEvent.eventName,
    };
  }
  for (const key of Object.keys(e)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new ConfigError(`event key ${JSON.stringify(key)} is not one of dryRun, strategy, users`);
    }
  }
  if (e.dryRun !== undefined && typeof e.dryRun !== 'boolean') {
    throw new ConfigError(`event dryRun must be true or false; got ${JSON.stringify(e.dryRun)}`);
  }
  if (e.strategy !== undefined && typeof e.strategy !== 'string') {
    throw new ConfigError(`event strategy must be a string; got ${JSON.stringify(e.strategy)}`);
  }
  if (e.users !== undefined && (!Array.isArray(e.users) || e.users.length === 0)) {
    throw new ConfigError(
      `event users must be a non-empty array of user names; got ${JSON.stringify(e.users)}`,
    );
  }
  const badUser = (e.users as unknown[] | undefined)?.find((u) => typeof u !== 'string' || !isIamUserName(u));
  if (badUser !== undefined) {
    throw new ConfigError(
      `event users must hold IAM user names (${IAM_USER_NAME_RULE}); got ${JSON.stringify(badUser)}`,
    );
  }
  return {
    trigger: 'invoke',
    dryRun: e.dryRun ?? false,
    strategy: e.strategy === undefined ? undefined : readAs('strategy', 'event strategy', e.strategy),
    users: e.users as string[] | undefined,
  };
}
