import { readSetting } from '../../lambda/settings/parse';

// Through the context surface, so the messages name the key as `-c` spells it.
const validateScheduleExpression = (expression: string): unknown =>
  readSetting('schedule', 'context', expression);
const validateTimeZone = (zone: string): unknown => readSetting('timeZone', 'context', zone);
const validateEmails = (emails: readonly string[]): unknown => readSetting('alertEmails', 'prop', emails);

describe('validateScheduleExpression', () => {
  test.each([
    'cron(0 6 * * ? *)',
    'cron(0/15 8-18 ? * MON-FRI *)',
    'cron(30 6 1,15 * ? 2026-2030)',
    'cron(0 12 L * ? *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 9 ? * 6L *)',
    'cron(0 9 15W JAN-MAR ? *)',
    'cron(0 0 ? * SUN *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
  ])('accepts %s', (expression) => {
    expect(validateScheduleExpression(expression)).toBe(expression);
  });

  test.each([
    ['', 'not an expression'],
    ['daily', 'not an expression'],
    ['at(2030-01-01T00:00:00)', 'one-time schedules are not a control'],
    ['cron(0 6 * * * *)', 'both day fields set'],
    ['cron(0 6 ? * ? *)', 'neither day field set'],
    ['cron(0 6 * * ?)', 'five fields'],
    ['cron(0 6 * * ? * *)', 'seven fields'],
    ['cron(0  6 * * ? *)', 'double space'],
    ['cron(60 6 * * ? *)', 'minute 60'],
    ['cron(0 24 * * ? *)', 'hour 24'],
    ['cron(0 6 0 * ? *)', 'day 0'],
    ['cron(0 6 * 13 ? *)', 'month 13'],
    ['cron(0 6 ? * 8 *)', 'weekday 8'],
    ['cron(0 6 ? * FUNDAY *)', 'unknown weekday name'],
    ['cron(0 18-8 * * ? *)', 'reversed range'],
    ['cron(0/0 6 * * ? *)', 'zero step'],
    ['cron(0 6 * * ? 1969)', 'year before 1970'],
    ['rate(0 minutes)', 'zero rate'],
    ['rate(1 hours)', 'plural with 1'],
    ['rate(2 hour)', 'singular with 2'],
    ['rate(2 weeks)', 'unknown unit'],
    ['rate(1.5 hours)', 'fraction'],
    ['cron(0 6 * * ? *) ', 'trailing space'],
  ])('rejects %j (%s), naming the setting and the value', (expression) => {
    expect(() => validateScheduleExpression(expression)).toThrow(
      new RegExp(`^schedule must be .*; got ${JSON.stringify(expression).replace(/[()*?.+[\]]/g, '\\$&')}$`),
    );
  });
});

describe('validateTimeZone', () => {
  test.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Asia/Kolkata'])(
    'accepts %s',
    (zone) => {
      expect(validateTimeZone(zone)).toBe(zone);
    },
  );

  test.each(['', 'Paris', 'Europe/Lutece', '+01:00', 'UTC+1', 'europe/paris', 'Europe/Paris '])(
    'rejects %j',
    (zone) => {
      expect(() => validateTimeZone(zone)).toThrow(/^timezone must be an IANA time zone name/);
    },
  );
});

describe('validateEmails', () => {
  test('accepts ordinary addresses', () => {
    const emails = [
      'sec@example.com',
      'first.last+mfa@mail.example.co.uk',
      'ops_team@sub-domain.example.org',
    ];
    expect(validateEmails(emails)).toEqual(emails);
  });

  test.each([
    '',
    'example.com',
    'a@',
    '@example.com',
    'a@b',
    'a b@example.com',
    'a@example..com',
    'a@-example.com',
  ])('rejects %j', (email) => {
    expect(() => validateEmails([email])).toThrow(/^alertEmails must be/);
  });
});
