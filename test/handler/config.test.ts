import { ConfigError } from '../../lambda/settings/parse';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import { readHandlerConfig } from '../../lambda/handler/config';

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

  // The construct's default, so a function without NOTIFY does what a deployed one does.
  test('NOTIFY defaults to changes, which needs STATE_TABLE to publish', () => {
    expect(readHandlerConfig({}).notify).toBe('changes');
    expect(readHandlerConfig({ TOPIC_ARN, STATE_TABLE: 'mfa-state' })).toMatchObject({
      notify: 'changes',
      digestDays: 7,
      stateTable: 'mfa-state',
    });
    expect(() => readHandlerConfig({ TOPIC_ARN })).toThrow(
      new ConfigError(
        'NOTIFY=changes needs STATE_TABLE (the table that keeps the last result); it is not set',
      ),
    );
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
    ['NOTIFY', 'Changes'],
    ['DIGEST_DAYS', '91'],
    ['TOPIC_ARN', 'mfa-alerts'],
  ])('%s=%j => ConfigError naming the variable and the value', (key, value) => {
    expect(() => readHandlerConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => readHandlerConfig({ [key]: value })).toThrow(
      new RegExp(`${key} .*${JSON.stringify(value)}`),
    );
  });
});
