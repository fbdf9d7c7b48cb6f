import type { Node } from 'constructs';
import { BOUNDS, DEFAULT_SETTINGS } from '../lambda/config';
import type { Strategy } from '../lambda/core/types';
import { STRATEGIES } from '../lambda/core/types';
import type { SlackTarget } from './alert-topic';
import type { NotifyMode } from './function-environment';
import {
  DEFAULT_DIGEST_DAYS,
  DEFAULT_NOTIFY,
  DIGEST_DAYS_BOUNDS,
  NOTIFY_MODES,
} from './function-environment';
import { DEFAULT_SCHEDULE, DEFAULT_TIME_ZONE, validateScheduleExpression } from './schedule-expression';
import {
  invalid,
  InvalidSettingError,
  validateEmails,
  validateOneOf,
  validateSlackChannelId,
  validateSlackWorkspaceId,
  validateTimeZone,
} from './validation';

/** The CDK context keys this app reads (`-c key=value` or cdk.json "context"). */
export const CONTEXT_KEYS = [
  'alertEmails',
  'slackWorkspaceId',
  'slackChannelId',
  'schedule',
  'timezone',
  'strategy',
  'dryRun',
  'notify',
  'digestDays',
  'iamEventRechecks',
  'gracePeriodHours',
  'maxExemptionDays',
  'criticalIfUsedWithinDays',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export interface AuditorContext {
  readonly alertEmails: readonly string[];
  readonly slack?: SlackTarget;
  readonly schedule: string;
  readonly timeZone: string;
  readonly strategy: Strategy;
  readonly dryRun: boolean;
  readonly notify: NotifyMode;
  readonly digestDays: number;
  readonly iamEventRechecks: boolean;
  readonly gracePeriodHours: number;
  readonly maxExemptionDays: number;
  readonly criticalIfUsedWithinDays: number;
}

/** Reads and validates this app's context from a construct's node (normally the stack's). */
export function readAuditorContext(node: Node): AuditorContext {
  return parseAuditorContext(node.getAllContext() as Record<string, unknown>);
}

/**
 * Values from `-c` are always strings; values from cdk.json keep their JSON type, so booleans,
 * numbers and arrays are accepted where they make sense. An empty string counts as not set, so
 * `-c slackChannelId=$UNSET_VAR` falls back to the default instead of failing obscurely.
 */
export function parseAuditorContext(context: Record<string, unknown>): AuditorContext {
  rejectMisspeltKeys(Object.keys(context));
  const get = (key: ContextKey): unknown => (context[key] === '' ? undefined : context[key]);

  const workspaceId = optionalString('slackWorkspaceId', get('slackWorkspaceId'));
  const channelId = optionalString('slackChannelId', get('slackChannelId'));
  if ((workspaceId === undefined) !== (channelId === undefined)) {
    const [given, missing] = workspaceId
      ? ['slackWorkspaceId', 'slackChannelId']
      : ['slackChannelId', 'slackWorkspaceId'];
    throw new InvalidSettingError(
      `${missing} must be set together with ${given} (${given}=${JSON.stringify(workspaceId ?? channelId)}); ` +
        'Slack delivery needs both ids or neither',
    );
  }
  const strategy = optionalString('strategy', get('strategy'));
  const schedule = optionalString('schedule', get('schedule'))?.trim();
  const timeZone = optionalString('timezone', get('timezone'))?.trim();
  const notify = optionalString('notify', get('notify'))?.trim();
  const int = (key: ContextKey & keyof typeof BOUNDS): number =>
    integerValue(key, get(key), BOUNDS[key], DEFAULT_SETTINGS[key]);
  return {
    alertEmails: validateEmails('alertEmails', emailList(get('alertEmails'))),
    slack:
      workspaceId && channelId
        ? {
            workspaceId: validateSlackWorkspaceId('slackWorkspaceId', workspaceId),
            channelId: validateSlackChannelId('slackChannelId', channelId),
          }
        : undefined,
    schedule: validateScheduleExpression('schedule', schedule ?? DEFAULT_SCHEDULE),
    timeZone: validateTimeZone('timezone', timeZone ?? DEFAULT_TIME_ZONE),
    strategy: strategy === undefined ? 'auto' : validateOneOf('strategy', strategy, STRATEGIES),
    dryRun: booleanValue('dryRun', get('dryRun'), false),
    notify: notify === undefined ? DEFAULT_NOTIFY : validateOneOf('notify', notify, NOTIFY_MODES),
    digestDays: integerValue('digestDays', get('digestDays'), DIGEST_DAYS_BOUNDS, DEFAULT_DIGEST_DAYS),
    iamEventRechecks: booleanValue('iamEventRechecks', get('iamEventRechecks'), true),
    gracePeriodHours: int('gracePeriodHours'),
    maxExemptionDays: int('maxExemptionDays'),
    criticalIfUsedWithinDays: int('criticalIfUsedWithinDays'),
  };
}

/** `-c alertemails=...` would otherwise be ignored without a word, and nobody would get alerts. */
function rejectMisspeltKeys(keys: readonly string[]): void {
  for (const key of keys) {
    const meant = CONTEXT_KEYS.find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (meant) {
      throw new InvalidSettingError(
        `context key ${JSON.stringify(key)} is not known; did you mean ${meant}?`,
      );
    }
  }
}

function optionalString(key: ContextKey, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw invalid(key, value, 'a string');
}

/** A comma-separated string (from `-c`) or a JSON array of strings (from cdk.json). */
function emailList(value: unknown): string[] {
  if (value === undefined) return [];
  const items =
    typeof value === 'string'
      ? value.split(',')
      : Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? value
        : undefined;
  if (!items) throw invalid('alertEmails', value, 'comma-separated email addresses or an array of them');
  const emails = items.map((e) => e.trim());
  if (emails.some((e) => e === '')) {
    throw invalid('alertEmails', value, 'comma-separated email addresses, none of them empty');
  }
  return emails;
}

function booleanValue(key: ContextKey, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(key, value, 'true or false');
}

/** A JSON number (cdk.json) or a string of digits (`-c`); "12h", "1e3" and "-1" are refused. */
function integerValue(
  key: ContextKey,
  value: unknown,
  bounds: readonly [number, number],
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const [min, max] = bounds;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw invalid(key, value, `a whole number from ${min} to ${max}`);
  }
  return n;
}
