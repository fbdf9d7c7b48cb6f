import type { AuditSettings } from './config';
import { BOUNDS, ConfigError, DEFAULT_SETTINGS, parseBoolean, parseInteger, parseStrategy } from './config';
import type { NotifyMode } from './core/changes';
import { DEFAULT_DIGEST_EVERY_DAYS } from './core/changes';

export const NOTIFY_MODES: readonly NotifyMode[] = ['always', 'changes'];
export const DIGEST_DAYS_BOUNDS: readonly [number, number] = [1, 90];

/** The Lambda's configuration, read once from its environment (set by the CDK construct). */
export interface HandlerConfig extends AuditSettings {
  /** Topic that receives findings; unset means the function only returns its report. */
  readonly topicArn: string | undefined;
  /** Scheduled runs audit but never publish. */
  readonly dryRun: boolean;
  /** `changes` alerts on new and resolved findings plus a periodic digest; `always` every run. */
  readonly notify: NotifyMode;
  readonly digestEveryDays: number;
  /** DynamoDB table holding the last result; required in `changes` mode. */
  readonly stateTable: string | undefined;
}

export function readHandlerConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  const int = (key: string, bounds: readonly [number, number], fallback: number): number => {
    const raw = env[key];
    return raw === undefined || raw === '' ? fallback : parseInteger(key, raw, bounds[0], bounds[1]);
  };
  // The construct always sets NOTIFY (its default is `changes`); without it, no state is assumed.
  const notify = (env.NOTIFY || 'always') as NotifyMode;
  if (!NOTIFY_MODES.includes(notify)) {
    throw new ConfigError(
      `NOTIFY must be one of ${NOTIFY_MODES.join(', ')}; got ${JSON.stringify(env.NOTIFY)}`,
    );
  }
  const stateTable = env.STATE_TABLE || undefined;
  if (notify === 'changes' && env.TOPIC_ARN && !stateTable) {
    throw new ConfigError(
      'NOTIFY=changes needs STATE_TABLE (the table that keeps the last result); it is not set',
    );
  }
  return {
    notify,
    digestEveryDays: int('DIGEST_DAYS', DIGEST_DAYS_BOUNDS, DEFAULT_DIGEST_EVERY_DAYS),
    stateTable,
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
