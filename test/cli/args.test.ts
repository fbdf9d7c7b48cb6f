import { parseCliArgs, USAGE } from '../../lambda/cli/args';
import { ConfigError } from '../../lambda/settings/parse';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';

describe('parseCliArgs', () => {
  test('no arguments => defaults', () => {
    expect(parseCliArgs([])).toEqual({
      json: false,
      dryRun: false,
      memberRoleName: 'MfaAuditorReadRole',
      securityHub: false,
      accountConcurrency: 40,
      topicArn: undefined,
      users: undefined,
      help: false,
      settings: DEFAULT_SETTINGS,
    });
  });

  test.each<[string[], Partial<ReturnType<typeof parseCliArgs>>]>([
    [['--json'], { json: true }],
    [['--dry-run'], { dryRun: true }],
    [['--help'], { help: true }],
    [['-h'], { help: true }],
    [
      ['--topic-arn', 'arn:aws:sns:eu-west-1:123456789012:mfa-alerts'],
      { topicArn: 'arn:aws:sns:eu-west-1:123456789012:mfa-alerts' },
    ],
    [
      ['--topic-arn=arn:aws:sns:us-east-1:123456789012:alerts'],
      { topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts' },
    ],
    [
      ['--topic-arn', 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:x'],
      { topicArn: 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:x' },
    ],
  ])('%j => %j', (argv, expected) => {
    expect(parseCliArgs(argv)).toMatchObject(expected);
  });

  test.each<[string[], Partial<typeof DEFAULT_SETTINGS>]>([
    [['--strategy', 'live'], { strategy: 'live' }],
    [['--strategy=report'], { strategy: 'report' }],
    [['--live-threshold', '0'], { liveThreshold: 0 }],
    [['--concurrency', '1'], { concurrency: 1 }],
    [['--concurrency', '50'], { concurrency: 50 }],
    [['--critical-days', '30'], { criticalIfUsedWithinDays: 30 }],
    [['--grace-hours', '24'], { gracePeriodHours: 24 }],
    [['--max-exemption-days', '90'], { maxExemptionDays: 90 }],
    [['--report-max-wait', '300'], { reportMaxWaitSeconds: 300 }],
  ])('%j sets %j', (argv, expected) => {
    expect(parseCliArgs(argv).settings).toEqual({ ...DEFAULT_SETTINGS, ...expected });
  });

  test('repeated --user keeps each name whole, commas included', () => {
    expect(parseCliArgs(['--user', 'dev,ops', '--user', 'alice', '--user=a,b,c']).users).toEqual([
      'dev,ops',
      'alice',
      'a,b,c',
    ]);
  });

  test('every character IAM allows in a user name is accepted, up to 64 of them', () => {
    const names = ['Ab_9+=,.@-', 'x'.repeat(64)];
    expect(parseCliArgs(names.flatMap((n) => ['--user', n])).users).toEqual(names);
  });

  test('a user name starting with a hyphen is accepted with --user=', () => {
    expect(parseCliArgs(['--user=-svc']).users).toEqual(['-svc']);
  });

  test.each<[string[], RegExp]>([
    [['--verbose'], /--verbose/],
    [['--dryrun'], /--dryrun/],
    [['-x'], /-x/],
    [['alice'], /alice/],
    [['--strategy'], /--strategy/],
    [['--strategy', 'fast'], /--strategy .*"fast"/],
    [['--strategy', 'LIVE'], /--strategy .*"LIVE"/],
    [['--concurrency', '0'], /--concurrency .*"0"/],
    [['--concurrency', '51'], /--concurrency .*"51"/],
    [['--concurrency', 'ten'], /--concurrency .*"ten"/],
    [['--concurrency', '2.5'], /--concurrency .*"2.5"/],
    [['--concurrency', '-1'], /--concurrency/],
    [['--live-threshold', '1e3'], /--live-threshold .*"1e3"/],
    [['--report-max-wait', '4'], /--report-max-wait .*"4"/],
    [['--max-exemption-days', '0'], /--max-exemption-days .*"0"/],
    [['--topic-arn', 'mfa-alerts'], /--topic-arn .*"mfa-alerts"/],
    [['--topic-arn', 'arn:aws:sqs:us-east-1:123456789012:q'], /--topic-arn/],
    [['--topic-arn', 'arn:aws:sns:us-east-1:1234:t'], /--topic-arn/],
    [['--topic-arn', 'arn:aws:sns:us-east-1:123456789012:bad name'], /--topic-arn/],
    // FIFO topics need a MessageGroupId on every publish; rejected up front, not at publish time.
    [['--topic-arn', 'arn:aws:sns:us-east-1:123456789012:alerts.fifo'], /--topic-arn .*alerts\.fifo/],
    [['--user', ''], /--user/],
    // Issue 11: not a possible IAM user name; it used to be looked up, found missing, and exit 0.
    [['--user', 'bad name!*'], /--user must be an IAM user name .*; got "bad name!\*"/],
    [['--user', 'alice', '--user', 'a'.repeat(65)], /--user must be an IAM user name/],
    [['--json=yes'], /--json/],
    [
      ['--accounts', '12345678901'],
      /--accounts takes AWS account ids \(exactly 12 digits\); got "12345678901"/,
    ],
    [['--accounts', '123456789012,'], /got ""/],
    [['--accounts', '123456789012', '--org'], /give it or --accounts, not both/],
    [['--org', '--user', 'alice'], /--user .* cannot be combined with --org or --accounts/],
    [
      ['--org', '--account-concurrency', '0'],
      /--account-concurrency must be a whole number from 1 to 1000; got "0"/,
    ],
    [
      ['--org', '--role-name', 'role/with/path'],
      /--role-name must be an IAM role name .*; got "role\/with\/path"/,
    ],
  ])('%j => ConfigError matching %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(ConfigError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  test('the usage text names every flag and the exit codes', () => {
    for (const flag of [
      '--json',
      '--dry-run',
      '--topic-arn',
      '--strategy',
      '--user',
      '--live-threshold',
      '--concurrency',
      '--critical-days',
      '--grace-hours',
      '--max-exemption-days',
      '--report-max-wait',
      '--org',
      '--accounts',
      '--role-name',
      '--account-concurrency',
      '--help',
    ]) {
      expect(USAGE).toContain(flag);
    }
    expect(USAGE).toMatch(/Exit codes: 0 .*2 .*1 /s);
  });

  describe('organization flags', () => {
    test('--org audits every account', () => {
      expect(parseCliArgs(['--org']).accounts).toBe('all');
    });

    test('--accounts takes comma-separated ids, repeatable, each once in the order given', () => {
      expect(
        parseCliArgs(['--accounts', '111111111111, 222222222222', '--accounts', '111111111111']).accounts,
      ).toEqual(['111111111111', '222222222222']);
    });

    test('--role-name and --account-concurrency override the defaults', () => {
      expect(
        parseCliArgs(['--org', '--role-name', 'SecurityAudit', '--account-concurrency', '8']),
      ).toMatchObject({
        memberRoleName: 'SecurityAudit',
        accountConcurrency: 8,
      });
    });

    test("without --org or --accounts only the caller's account is audited", () => {
      expect(parseCliArgs([]).accounts).toBeUndefined();
    });
  });
});
