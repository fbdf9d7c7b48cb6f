import { parseArgs } from 'node:util';
import type { AuditSettings } from '../config';
import { BOUNDS, ConfigError, DEFAULT_SETTINGS, parseInteger, parseStrategy } from '../config';
import { IAM_USER_NAME_RULE, isIamUserName } from '../core/user-name';

export interface CliOptions {
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly topicArn?: string;
  readonly users?: readonly string[];
  readonly settings: AuditSettings;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run audit -- [options]

Finds every IAM user who can sign in to the AWS console with a password and has no MFA device.
Uses the standard AWS SDK environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).

Options:
  --json                   print the AuditReport JSON alone on stdout
  --dry-run                never publish, even with --topic-arn
  --topic-arn ARN          publish the result to this SNS topic
  --strategy S             auto | report | live (default ${DEFAULT_SETTINGS.strategy})
  --user NAME              check only this user, live (repeat for more; names may hold commas)
  --live-threshold N       auto checks everyone live up to N users (default ${DEFAULT_SETTINGS.liveThreshold})
  --concurrency N          live checks in flight (default ${DEFAULT_SETTINGS.concurrency})
  --critical-days N        password used within N days = critical (default ${DEFAULT_SETTINGS.criticalIfUsedWithinDays})
  --grace-hours N          passwords younger than N hours are pending, not violations (default ${DEFAULT_SETTINGS.gracePeriodHours})
  --max-exemption-days N   reject exemptions further out than N days (default ${DEFAULT_SETTINGS.maxExemptionDays})
  --report-max-wait S      seconds to wait for the credential report (default ${DEFAULT_SETTINGS.reportMaxWaitSeconds})
  -h, --help               show this help

Exit codes: 0 no violations, 2 violations found, 1 the audit could not be completed
(failed, some users could not be checked, or bad arguments).`;

// Standard topics only: a FIFO topic would need a MessageGroupId on every publish.
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** Parses argv; throws ConfigError (message names the flag and value) on anything unknown or bad. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'topic-arn': { type: 'string' },
        strategy: { type: 'string' },
        user: { type: 'string', multiple: true },
        'live-threshold': { type: 'string' },
        concurrency: { type: 'string' },
        'critical-days': { type: 'string' },
        'grace-hours': { type: 'string' },
        'max-exemption-days': { type: 'string' },
        'report-max-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  const int = (flag: string, bounds: readonly [number, number], fallback: number): number => {
    const raw = values[flag as keyof typeof values] as string | undefined;
    return raw === undefined ? fallback : parseInteger(`--${flag}`, raw, bounds[0], bounds[1]);
  };
  const topicArn = values['topic-arn'];
  if (topicArn !== undefined && !TOPIC_ARN.test(topicArn)) {
    throw new ConfigError(
      `--topic-arn must be the ARN of a standard (not FIFO) SNS topic; got ${JSON.stringify(topicArn)}`,
    );
  }
  const users = values.user;
  const badUser = users?.find((u) => !isIamUserName(u));
  if (badUser !== undefined) {
    throw new ConfigError(
      `--user must be an IAM user name (${IAM_USER_NAME_RULE}); got ${JSON.stringify(badUser)}`,
    );
  }
  return {
    json: values.json,
    dryRun: values['dry-run'],
    topicArn,
    users,
    help: values.help,
    settings: {
      strategy:
        values.strategy === undefined
          ? DEFAULT_SETTINGS.strategy
          : parseStrategy('--strategy', values.strategy),
      liveThreshold: int('live-threshold', BOUNDS.liveThreshold, DEFAULT_SETTINGS.liveThreshold),
      concurrency: int('concurrency', BOUNDS.concurrency, DEFAULT_SETTINGS.concurrency),
      criticalIfUsedWithinDays: int(
        'critical-days',
        BOUNDS.criticalIfUsedWithinDays,
        DEFAULT_SETTINGS.criticalIfUsedWithinDays,
      ),
      gracePeriodHours: int('grace-hours', BOUNDS.gracePeriodHours, DEFAULT_SETTINGS.gracePeriodHours),
      maxExemptionDays: int('max-exemption-days', BOUNDS.maxExemptionDays, DEFAULT_SETTINGS.maxExemptionDays),
      reportMaxWaitSeconds: int(
        'report-max-wait',
        BOUNDS.reportMaxWaitSeconds,
        DEFAULT_SETTINGS.reportMaxWaitSeconds,
      ),
    },
  };
}
