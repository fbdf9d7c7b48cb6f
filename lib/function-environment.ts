import type { AuditSettings } from '../lambda/config';
import type { NotifyMode } from '../lambda/core/changes';
import { DEFAULT_DIGEST_EVERY_DAYS } from '../lambda/core/changes';
import { DIGEST_DAYS_BOUNDS, NOTIFY_MODES } from '../lambda/handler-config';

/** Powertools log levels the handler's logger accepts. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** The handler's own modes and bounds, so synth rejects exactly what the function would. */
export type { NotifyMode };
export { DIGEST_DAYS_BOUNDS, NOTIFY_MODES };
/** `changes` publishes only what changed, plus a digest: the deployed default. */
export const DEFAULT_NOTIFY: NotifyMode = 'changes';
export const DEFAULT_DIGEST_DAYS = DEFAULT_DIGEST_EVERY_DAYS;

/** How findings are published. Only `changes` has a digest and a state table. */
export type NotifySettings =
  | { readonly mode: 'always' }
  | { readonly mode: 'changes'; readonly digestDays: number; readonly stateTableName: string };

/** Everything the function's environment carries, already validated. */
export interface FunctionSettings extends AuditSettings {
  readonly topicArn: string;
  readonly dryRun: boolean;
  readonly logLevel: LogLevel;
  readonly notify: NotifySettings;
}

/**
 * The function's environment, read by lambda/handler-config.ts. Every setting is written out, so
 * the function's configuration shows exactly what the audit runs with. New settings go here.
 */
export function functionEnvironment(s: FunctionSettings): Record<string, string> {
  return {
    TOPIC_ARN: s.topicArn,
    DRY_RUN: String(s.dryRun),
    STRATEGY: s.strategy,
    LIVE_THRESHOLD: String(s.liveThreshold),
    CONCURRENCY: String(s.concurrency),
    CRITICAL_IF_USED_WITHIN_DAYS: String(s.criticalIfUsedWithinDays),
    GRACE_PERIOD_HOURS: String(s.gracePeriodHours),
    MAX_EXEMPTION_DAYS: String(s.maxExemptionDays),
    REPORT_MAX_WAIT_SECONDS: String(s.reportMaxWaitSeconds),
    ...notifyEnvironment(s.notify),
    POWERTOOLS_SERVICE_NAME: 'mfa-auditor',
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  };
}

/**
 * DIGEST_DAYS and STATE_TABLE only exist in `changes` mode: in `always` mode there is no digest and
 * no table, and a variable the function ignores would misstate what it runs with.
 */
function notifyEnvironment(n: NotifySettings): Record<string, string> {
  if (n.mode === 'always') return { NOTIFY: 'always' };
  return { NOTIFY: 'changes', DIGEST_DAYS: String(n.digestDays), STATE_TABLE: n.stateTableName };
}
