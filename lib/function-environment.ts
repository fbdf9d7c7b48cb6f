import type { AuditSettings } from '../lambda/config';

/** Powertools log levels the handler's logger accepts. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Everything the function's environment carries, already validated. */
export interface FunctionSettings extends AuditSettings {
  readonly topicArn: string;
  readonly dryRun: boolean;
  readonly logLevel: LogLevel;
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
    POWERTOOLS_SERVICE_NAME: 'mfa-auditor',
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  };
}
