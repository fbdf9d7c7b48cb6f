import { Stack } from 'aws-cdk-lib';
import { parseAuditorContext } from '../../lib/context';
import { MfaAuditor } from '../../lib/mfa-auditor';
import { buildStack } from './stack-fixture';

describe('parseAuditorContext', () => {
  // Defaults: test/settings checks them against the settings table and the README.
  test('reads every key as `-c` gives it (strings)', () => {
    expect(
      parseAuditorContext({
        alertEmails: ' a@example.com ,b@example.org',
        slackWorkspaceId: 'T0123',
        slackChannelId: 'C0123',
        schedule: 'rate(12 hours)',
        timezone: 'Europe/Paris',
        strategy: 'report',
        dryRun: 'true',
        notify: 'always',
        digestDays: '30',
        iamEventRechecks: 'false',
        gracePeriodHours: '24',
        maxExemptionDays: '90',
        criticalIfUsedWithinDays: '0',
      }),
    ).toMatchObject({
      alertEmails: ['a@example.com', 'b@example.org'],
      slackWorkspaceId: 'T0123',
      slackChannelId: 'C0123',
      schedule: 'rate(12 hours)',
      timeZone: 'Europe/Paris',
      strategy: 'report',
      dryRun: true,
      notify: 'always',
      digestDays: 30,
      iamEventRechecks: false,
      gracePeriodHours: 24,
      maxExemptionDays: 90,
      criticalIfUsedWithinDays: 0,
    });
  });

  test('accepts JSON types from cdk.json: booleans, numbers and an array of addresses', () => {
    const context = parseAuditorContext({
      dryRun: true,
      alertEmails: ['a@example.com'],
      iamEventRechecks: false,
      digestDays: 1,
      gracePeriodHours: 8760,
    });
    expect(context).toMatchObject({
      dryRun: true,
      alertEmails: ['a@example.com'],
      iamEventRechecks: false,
      digestDays: 1,
      gracePeriodHours: 8760,
    });
    expect(parseAuditorContext({ dryRun: false }).dryRun).toBe(false);
    expect(parseAuditorContext({ iamEventRechecks: true }).iamEventRechecks).toBe(true);
  });

  test('an empty value counts as not set', () => {
    expect(
      parseAuditorContext({
        alertEmails: '',
        slackWorkspaceId: '',
        slackChannelId: '',
        schedule: '',
        notify: '',
        digestDays: '',
        iamEventRechecks: '',
        gracePeriodHours: '',
      }),
    ).toEqual(parseAuditorContext({}));
  });

  test('ignores context it does not own (feature flags)', () => {
    expect(parseAuditorContext({ '@aws-cdk/core:checkSecretUsage': true }).strategy).toBe('auto');
  });

  // Each message must name the key and quote the offending value.
  test.each([
    ['bad email', { alertEmails: 'a@example.com,not-an-email' }, /alertEmails.*"not-an-email"/],
    ['email without domain dot', { alertEmails: 'root@localhost' }, /alertEmails.*"root@localhost"/],
    [
      'empty item',
      { alertEmails: 'a@example.com,,b@example.com' },
      /alertEmails.*none of them empty.*"a@example.com,,b@example.com"/,
    ],
    [
      'duplicate address',
      { alertEmails: 'a@example.com,A@example.com' },
      /alertEmails.*duplicate.*"A@example.com"/,
    ],
    ['number instead of addresses', { alertEmails: 42 }, /alertEmails.*42/],
    ['workspace without channel', { slackWorkspaceId: 'T0123' }, /slackChannelId.*slackWorkspaceId="T0123"/],
    ['channel without workspace', { slackChannelId: 'C0123' }, /slackWorkspaceId.*slackChannelId="C0123"/],
    [
      'bad workspace id',
      { slackWorkspaceId: 't-0123', slackChannelId: 'C0123' },
      /slackWorkspaceId.*"t-0123"/,
    ],
    [
      'bad channel id',
      { slackWorkspaceId: 'T0123', slackChannelId: '#general' },
      /slackChannelId.*"#general"/,
    ],
    ['bad schedule', { schedule: 'every day' }, /schedule.*"every day"/],
    ['cron with both day fields', { schedule: 'cron(0 6 * * * *)' }, /schedule.*"cron\(0 6 \* \* \* \*\)"/],
    ['bad time zone', { timezone: 'Mars/Olympus_Mons' }, /timezone.*"Mars\/Olympus_Mons"/],
    ['time zone in the wrong case', { timezone: 'europe/paris' }, /timezone.*Europe\/Paris.*"europe\/paris"/],
    ['bad strategy', { strategy: 'fast' }, /strategy.*auto, report, live.*"fast"/],
    ['bad dryRun', { dryRun: 'yes' }, /dryRun.*true or false.*"yes"/],
    ['numeric dryRun', { dryRun: 1 }, /dryRun.*true or false.*1/],
    ['misspelt key', { alertemails: 'a@example.com' }, /"alertemails".*alertEmails/],
    ['bad notify', { notify: 'sometimes' }, /notify.*always, changes.*"sometimes"/],
    ['notify in the wrong case', { notify: 'Changes' }, /notify.*"Changes"/],
    ['digestDays of 0', { digestDays: '0' }, /digestDays.*from 1 to 90.*"0"/],
    ['digestDays above 90', { digestDays: 91 }, /digestDays.*from 1 to 90.*91/],
    ['digestDays with a unit', { digestDays: '7d' }, /digestDays.*"7d"/],
    ['fractional digestDays', { digestDays: 1.5 }, /digestDays.*1.5/],
    ['bad iamEventRechecks', { iamEventRechecks: 'no' }, /iamEventRechecks.*true or false.*"no"/],
    ['numeric iamEventRechecks', { iamEventRechecks: 0 }, /iamEventRechecks.*true or false.*0/],
    ['negative gracePeriodHours', { gracePeriodHours: '-1' }, /gracePeriodHours.*from 0 to 8760.*"-1"/],
    ['gracePeriodHours with a unit', { gracePeriodHours: '24h' }, /gracePeriodHours.*"24h"/],
    ['gracePeriodHours above a year', { gracePeriodHours: 8761 }, /gracePeriodHours.*8761/],
    ['maxExemptionDays of 0', { maxExemptionDays: '0' }, /maxExemptionDays.*from 1 to 3650.*"0"/],
    [
      'bad criticalIfUsedWithinDays',
      { criticalIfUsedWithinDays: 'ninety' },
      /criticalIfUsedWithinDays.*"ninety"/,
    ],
    ['misspelt new key', { digestdays: '7' }, /"digestdays".*digestDays/],
  ])('rejects %s', (_name, context, message) => {
    expect(() => parseAuditorContext(context)).toThrow(message);
  });
});

describe('synth-time validation', () => {
  // These throw before the function is bundled, so they cost no esbuild run.
  test.each([
    [{ alertEmails: 'nobody' }, /alertEmails.*"nobody"/],
    [{ slackWorkspaceId: 'T0123' }, /slackChannelId/],
    [{ schedule: 'rate(1 hours)' }, /schedule.*"rate\(1 hours\)"/],
    [{ timezone: 'Nowhere/City' }, /timezone.*"Nowhere\/City"/],
    [{ strategy: 'LIVE' }, /strategy.*"LIVE"/],
    [{ dryRun: 'TRUE' }, /dryRun.*"TRUE"/],
    [{ notify: 'never' }, /notify.*"never"/],
    [{ digestDays: '365' }, /digestDays.*"365"/],
    [{ iamEventRechecks: 'off' }, /iamEventRechecks.*"off"/],
    [{ gracePeriodHours: '1.5' }, /gracePeriodHours.*"1.5"/],
  ])('the stack refuses %j', (context, message) => {
    expect(() => buildStack(context)).toThrow(message);
  });

  test.each([
    [{ liveThreshold: -1 }, /liveThreshold.*-1/],
    [{ concurrency: 0 }, /concurrency.*0/],
    [{ reportMaxWaitSeconds: 900 }, /reportMaxWaitSeconds.*900/],
    [{ scheduleRetryAttempts: 186 }, /scheduleRetryAttempts.*186/],
    [{ alertEmails: ['a@example'] }, /alertEmails.*"a@example"/],
    [{ slack: { workspaceId: 'T1', channelId: 'C 1' } }, /slack.channelId.*"C 1"/],
    [{ schedule: 'at(2030-01-01T00:00:00)' }, /schedule.*"at\(2030-01-01T00:00:00\)"/],
    [{ notify: 'sometimes' as 'always' }, /notify.*"sometimes"/],
    [{ digestDays: 0 }, /digestDays.*0/],
    [
      { digestDays: 7, notify: 'always' as const, iamEventRechecks: false, gracePeriodHours: -1 },
      /gracePeriodHours.*-1/,
    ],
    [{ maxExemptionDays: 0 }, /maxExemptionDays.*0/],
    [{ criticalIfUsedWithinDays: 3651 }, /criticalIfUsedWithinDays.*3651/],
  ])('the construct refuses props %j', (badProps, message) => {
    expect(() => new MfaAuditor(new Stack(), 'Auditor', badProps)).toThrow(message);
  });
});
