import { ConfigError, DEFAULT_SETTINGS } from '../../lambda/config';
import { readHandlerConfig } from '../../lambda/handler-config';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:mfa-alerts';

describe('readHandlerConfig', () => {
  test('an empty environment => the defaults, no topic, not a dry run', () => {
    expect(readHandlerConfig({})).toMatchObject({ ...DEFAULT_SETTINGS, topicArn: undefined, dryRun: false });
  });

  test.each<[Record<string, string>, Record<string, unknown>]>([
    [{ STRATEGY: 'report' }, { strategy: 'report' }],
    [{ LIVE_THRESHOLD: '250' }, { liveThreshold: 250 }],
    [{ CONCURRENCY: '8' }, { concurrency: 8 }],
    [{ CRITICAL_IF_USED_WITHIN_DAYS: '30' }, { criticalIfUsedWithinDays: 30 }],
    [{ GRACE_PERIOD_HOURS: '24' }, { gracePeriodHours: 24 }],
    [{ MAX_EXEMPTION_DAYS: '90' }, { maxExemptionDays: 90 }],
    [{ REPORT_MAX_WAIT_SECONDS: '60' }, { reportMaxWaitSeconds: 60 }],
    [{ DRY_RUN: 'true' }, { dryRun: true }],
    [{ DRY_RUN: 'false' }, { dryRun: false }],
    [{ TOPIC_ARN, NOTIFY: 'always' }, { topicArn: TOPIC_ARN }],
  ])('%j => %j', (env, expected) => {
    expect(readHandlerConfig(env)).toMatchObject(expected);
  });

  test.each(['CONCURRENCY', 'LIVE_THRESHOLD', 'GRACE_PERIOD_HOURS', 'STRATEGY', 'DRY_RUN'])(
    'an empty %s means the default',
    (key) => {
      expect(readHandlerConfig({ [key]: '' })).toMatchObject({ ...DEFAULT_SETTINGS, dryRun: false });
    },
  );

  test.each<[string, string]>([
    ['STRATEGY', 'fast'],
    ['DRY_RUN', 'yes'],
    ['DRY_RUN', 'TRUE'],
    ['CONCURRENCY', '0'],
    ['CONCURRENCY', '51'],
    ['CONCURRENCY', 'five'],
    ['LIVE_THRESHOLD', '-1'],
    ['CRITICAL_IF_USED_WITHIN_DAYS', '3651'],
    ['GRACE_PERIOD_HOURS', '1.5'],
    ['MAX_EXEMPTION_DAYS', '0'],
    ['REPORT_MAX_WAIT_SECONDS', '301'],
  ])('%s=%j => ConfigError naming the variable and the value', (key, value) => {
    expect(() => readHandlerConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => readHandlerConfig({ [key]: value })).toThrow(
      new RegExp(`${key} .*${JSON.stringify(value)}`),
    );
  });
});
