import { EXEMPT_REASON_TAG, EXEMPT_UNTIL_TAG } from '../../lambda/core/exemption';
import type { JudgePolicy, Judgement } from '../../lambda/core/judge';
import { DEFAULT_JUDGE_POLICY, judge, severityOf } from '../../lambda/core/judge';
import type { IamUser, LiveFacts, TagsResult, Violation } from '../../lambda/core/types';
import { candidate, DAY_MS, HOUR_MS, iamUser, NOW } from '../../tools/builders/iam';

const PASSWORD_CREATED = new Date('2025-03-01T09:00:00Z');
const alice = iamUser('alice', { path: '/staff/', passwordLastUsed: new Date('2026-11-20T07:45:00Z') });

function withPassword(
  mfaSerials: readonly string[] = [],
  extra: { tags?: TagsResult; passwordResetRequired?: boolean; createDate?: Date } = {},
): LiveFacts {
  return {
    kind: 'checked',
    loginProfile: {
      createDate: extra.createDate ?? PASSWORD_CREATED,
      passwordResetRequired: extra.passwordResetRequired ?? false,
    },
    mfaSerials,
    tags: extra.tags,
  };
}

function judged(
  facts: LiveFacts,
  {
    user = alice,
    now = NOW,
    policy = {},
  }: { user?: IamUser; now?: Date; policy?: Partial<JudgePolicy> } = {},
): Judgement {
  return judge(candidate(user), facts, now, { ...DEFAULT_JUDGE_POLICY, ...policy });
}

function violationOf(j: Judgement): Violation {
  if (j.kind !== 'violation') throw new Error(`expected a violation, got ${JSON.stringify(j)}`);
  return j.violation;
}

describe('judge', () => {
  test('a password and no MFA device => violation with the user and password facts', () => {
    expect(judged(withPassword())).toEqual({
      kind: 'violation',
      violation: {
        userName: 'alice',
        arn: 'arn:aws:iam::123456789012:user/staff/alice',
        userId: alice.userId,
        path: '/staff/',
        createDate: alice.createDate.toISOString(),
        passwordCreated: '2025-03-01T09:00:00.000Z',
        passwordLastUsed: '2026-11-20T07:45:00.000Z',
        passwordResetRequired: false,
        severity: 'critical',
        reason: 'Console password enabled (last used 2026-11-20) and no MFA device assigned',
      },
    });
  });

  test('no password (NoSuchEntity on GetLoginProfile) => compliant', () => {
    expect(judged({ kind: 'checked', mfaSerials: [] })).toEqual({ kind: 'compliant' });
  });

  test.each([
    ['virtual', 'arn:aws:iam::123456789012:mfa/x'],
    ['hardware', 'GAHT12345678'],
    ['U2F / FIDO', 'arn:aws:iam::123456789012:u2f/user/x/default-ABC'],
    ['an unknown kind', 'something-new'],
  ])('a password and a %s MFA device => compliant', (_kind, serial) => {
    expect(judged(withPassword([serial]))).toEqual({ kind: 'compliant' });
  });

  test('a password and several MFA devices => compliant', () => {
    expect(judged(withPassword(['GAHT12345678', 'arn:aws:iam::123456789012:mfa/x']))).toEqual({
      kind: 'compliant',
    });
  });

  test("a user deleted before the check ('gone') => compliant", () => {
    expect(judged({ kind: 'gone' })).toEqual({ kind: 'compliant' });
  });

  test('a check that failed => an error entry naming the user and the operation', () => {
    expect(
      judged({
        kind: 'error',
        operation: 'ListMFADevices',
        message: 'AccessDenied: no (needs iam:ListMFADevices)',
      }),
    ).toEqual({
      kind: 'error',
      error: {
        userName: 'alice',
        arn: alice.arn,
        userId: alice.userId,
        operation: 'ListMFADevices',
        message: 'AccessDenied: no (needs iam:ListMFADevices)',
      },
    });
  });

  test("a failed check's code, permission and request id are kept in the error entry", () => {
    const failure = {
      operation: 'ListMFADevices',
      message: 'AccessDenied: no (needs iam:ListMFADevices)',
      code: 'AccessDenied',
      permission: 'iam:ListMFADevices',
      requestId: 'req-9',
    };

    expect(judged({ kind: 'error', ...failure })).toEqual({
      kind: 'error',
      error: { userName: 'alice', arn: alice.arn, userId: alice.userId, ...failure },
    });
  });

  test('a password never used to sign in => reason says so and passwordLastUsed is null', () => {
    const v = violationOf(judged(withPassword(), { user: iamUser('bob') }));

    expect(v.passwordLastUsed).toBeNull();
    expect(v.reason).toContain('never used to sign in');
  });

  test('passwordResetRequired is stated in the reason', () => {
    const v = violationOf(judged(withPassword([], { passwordResetRequired: true })));

    expect(v.passwordResetRequired).toBe(true);
    expect(v.reason).toContain('reset required at next sign-in');
  });

  test('no reset requirement => the reason does not mention a reset', () => {
    expect(violationOf(judged(withPassword())).passwordResetRequired).toBe(false);
    expect(violationOf(judged(withPassword())).reason).not.toContain('reset');
  });

  describe('severity', () => {
    const usedAgo = (ms: number): IamUser =>
      iamUser('alice', { passwordLastUsed: new Date(NOW.getTime() - ms) });

    test.each<[string, number, number, Violation['severity']]>([
      ['used just now', 0, 90, 'critical'],
      ['used 89 days ago', 89 * DAY_MS, 90, 'critical'],
      ['used exactly 90 days ago', 90 * DAY_MS, 90, 'critical'],
      ['used 90 days and 1 second ago', 90 * DAY_MS + 1000, 90, 'high'],
      ['used 400 days ago', 400 * DAY_MS, 90, 'high'],
      ['used exactly 7 days ago (7-day policy)', 7 * DAY_MS, 7, 'critical'],
      ['used 7 days and 1 ms ago (7-day policy)', 7 * DAY_MS + 1, 7, 'high'],
      ['used just now (0-day policy)', 0, 0, 'critical'],
      ['used 1 s ago (0-day policy)', 1000, 0, 'high'],
    ])('%s => %s', (_what, ago, days, severity) => {
      const v = violationOf(
        judged(withPassword(), { user: usedAgo(ago), policy: { criticalIfUsedWithinDays: days } }),
      );

      expect(v.severity).toBe(severity);
    });

    test('never used => high', () => {
      expect(severityOf(undefined, NOW, { criticalIfUsedWithinDays: 90 })).toBe('high');
    });
  });

  describe('exemptions', () => {
    const tags = (values: Record<string, string>): TagsResult => ({ ok: true, values });

    test('a valid exemption tag => exempted, not a violation', () => {
      const facts = withPassword([], {
        tags: tags({ [EXEMPT_UNTIL_TAG]: '2026-12-31', [EXEMPT_REASON_TAG]: 'ticket SEC-42' }),
      });

      expect(judged(facts)).toEqual({
        kind: 'exempted',
        exempted: { userName: 'alice', arn: alice.arn, until: '2026-12-31', reason: 'ticket SEC-42' },
      });
    });

    test('an expired exemption => violation whose reason says the exemption was rejected', () => {
      const facts = withPassword([], {
        tags: tags({ [EXEMPT_UNTIL_TAG]: '2026-11-01', [EXEMPT_REASON_TAG]: 'ticket SEC-42' }),
      });

      const v = violationOf(judged(facts));
      expect(v.exemption).toEqual({ status: 'rejected', why: 'expired', until: '2026-11-01' });
      expect(v.reason).toMatch(/exemption rejected: exemption expired on 2026-11-01$/);
    });

    test('tags that could not be read => a violation whose reason names the failed call and the permission', () => {
      const facts = withPassword([], {
        tags: {
          ok: false,
          operation: 'ListUserTags',
          message: 'AccessDenied: denied (needs iam:ListUserTags)',
          code: 'AccessDenied',
          permission: 'iam:ListUserTags',
          requestId: 'req-1',
        },
      });

      expect(violationOf(judged(facts)).exemption).toEqual({
        status: 'unreadable',
        error: {
          operation: 'ListUserTags',
          message: 'AccessDenied: denied (needs iam:ListUserTags)',
          code: 'AccessDenied',
          permission: 'iam:ListUserTags',
          requestId: 'req-1',
        },
      });
      expect(violationOf(judged(facts)).reason).toMatch(
        /exemption rejected: exemption tags could not be read, so no exemption applies \(ListUserTags failed: AccessDenied: denied \(needs iam:ListUserTags\)\)$/,
      );
    });

    test('no exemption tags => a plain violation', () => {
      const v = violationOf(judged(withPassword([], { tags: tags({ team: 'x' }) })));
      expect(v).not.toHaveProperty('exemption');
      expect(v.reason).not.toContain('exemption');
    });

    test('a user with MFA is compliant whatever their exemption tags say', () => {
      const facts = withPassword(['GAHT12345678'], {
        tags: { ok: false, operation: 'ListUserTags', message: 'denied' },
      });

      expect(judged(facts)).toEqual({ kind: 'compliant' });
    });
  });

  describe('grace period', () => {
    const policy = { gracePeriodHours: 24 };

    test('gracePeriodHours 0 => a brand-new password is already a violation', () => {
      const facts = withPassword([], { createDate: new Date(NOW.getTime() - 1000) });

      expect(judged(facts, { policy: { gracePeriodHours: 0 } }).kind).toBe('violation');
    });

    test('gracePeriodHours 0 => violation even when IAM stamps the password slightly after our clock', () => {
      const facts = withPassword([], { createDate: new Date(NOW.getTime() + 2000) });

      expect(judged(facts, { policy: { gracePeriodHours: 0 } }).kind).toBe('violation');
    });

    test('a password created 1 h ago with 24 h grace => pending until created + 24 h', () => {
      const created = new Date(NOW.getTime() - HOUR_MS);

      expect(judged(withPassword([], { createDate: created }), { policy })).toEqual({
        kind: 'pending',
        pending: {
          userName: 'alice',
          arn: alice.arn,
          passwordCreated: created.toISOString(),
          deadline: new Date(created.getTime() + 24 * HOUR_MS).toISOString(),
        },
      });
    });

    test('exactly at the deadline => violation', () => {
      const facts = withPassword([], { createDate: new Date(NOW.getTime() - 24 * HOUR_MS) });

      expect(judged(facts, { policy }).kind).toBe('violation');
    });

    test('1 ms before the deadline => pending', () => {
      const facts = withPassword([], { createDate: new Date(NOW.getTime() - 24 * HOUR_MS + 1) });

      expect(judged(facts, { policy }).kind).toBe('pending');
    });

    test('a valid exemption wins over the grace period', () => {
      const facts = withPassword([], {
        createDate: new Date(NOW.getTime() - HOUR_MS),
        tags: {
          ok: true,
          values: { [EXEMPT_UNTIL_TAG]: '2026-12-31', [EXEMPT_REASON_TAG]: 'ticket SEC-42' },
        },
      });

      expect(judged(facts, { policy }).kind).toBe('exempted');
    });

    test('a user with MFA inside the grace period is compliant, not pending', () => {
      const facts = withPassword(['GAHT12345678'], { createDate: new Date(NOW.getTime() - HOUR_MS) });

      expect(judged(facts, { policy })).toEqual({ kind: 'compliant' });
    });
  });
});
