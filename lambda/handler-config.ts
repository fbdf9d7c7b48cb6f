import type { AuditSettings } from './config';
import { BOUNDS, DEFAULT_SETTINGS, parseBoolean, parseInteger, parseStrategy } from './config';

/** The Lambda's configuration, read once from its environment (set by the CDK construct). */
export interface HandlerConfig extends AuditSettings {
  /** Topic that receives findings; unset means the function only returns its report. */
  readonly topicArn: string | undefined;
  /** Scheduled runs audit but never publish. */
  readonly dryRun: boolean;
}

export function readHandlerConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  const int = (key: string, bounds: readonly [number, number], fallback: number): number => {
    const raw = env[key];
    return raw === undefined || raw === '' ? fallback : parseInteger(key, raw, bounds[0], bounds[1]);
  };
  return {
    topicArn: env.TOPIC_ARN || undefined,
    dryRun: env.DRY_RUN ? parseBoolean('DRY_RUN', env.DRY_RUN) : false,
    strategy: env.STRATEGY ? parseStrategy('STRATEGY', env.STRATEGY) : DEFAULT_SETTINGS.strategy,
    liveThreshold: int('LIVE_THRESHOLD', BOUNDS.liveThreshold, DEFAULT_SETTINGS.liveThreshold),
    concurrency: int('CONCURRENCY', BOUNDS.concurrency, DEFAULT_SETTINGS.concurrency),
    criticalIfUsedWithinDays: int(
      'CRITICAL_IF_USED_WITHIN_DAYS',
      BOUNDS.criticalIfUsedWithinDays,
      DEFAULT_SETTINGS.criticalIfUsedWithinDays,
    ),
    gracePeriodHours: int('GRACE_PERIOD_HOURS', BOUNDS.gracePeriodHours, DEFAULT_SETTINGS.gracePeriodHours),
    maxExemptionDays: int('MAX_EXEMPTION_DAYS', BOUNDS.maxExemptionDays, DEFAULT_SETTINGS.maxExemptionDays),
    reportMaxWaitSeconds: int(
      'REPORT_MAX_WAIT_SECONDS',
      BOUNDS.reportMaxWaitSeconds,
      DEFAULT_SETTINGS.reportMaxWaitSeconds,
    ),
  };
}
