import type { AuditOptions } from '../../lambda/core/audit';
import type { IamPort } from '../../lambda/core/ports';
import { REPORT_AGE_SLACK_MS, REPORT_REUSE_WINDOW_MS, runAudit } from '../../lambda/core/audit';
import { EXEMPT_REASON_TAG, EXEMPT_UNTIL_TAG } from '../../lambda/core/exemption';
import { AwsCallError } from '../../lambda/core/errors';
import { DEFAULT_JUDGE_POLICY } from '../../lambda/core/judge';
import type { AuditReport, FetchedCredentialReport, IamUser, LiveFacts } from '../../lambda/core/types';
import { DAY_MS, HOUR_MS, iamUser, NOW, reportCsv, reportRow, rootRow } from '../../tools/builders/iam';

const GENERATED_AT = new Date(NOW.getTime() - 2 * HOUR_MS);
const PASSWORD: LiveFacts = {
  kind: 'checked',
  loginProfile: { createDate: new Date('2025-02-01T00:00:00Z'), passwordResetRequired: false },
  mfaSerials: [],
  tags: { ok: true, values: {} },
};
const WITH_MFA: LiveFacts = {
  ...PASSWORD,
  mfaSerials: ['arn:aws:iam::123456789012:mfa/phone'],
  tags: undefined,
};
const NO_PASSWORD: LiveFacts = { kind: 'checked', mfaSerials: [] };

type Answer<T> = T | Error | (() => Promise<T>);

/** An IamPort over plain data that records what the audit asked. */
class FakePort implements IamPort {
  readonly checked: string[] = [];
  readonly mfaFirst: string[] = [];
  reportFetches = 0;
  rootChecks = 0;
  virtualMfaListings = 0;
  users: Answer<IamUser[]> = [];
  report: Answer<{ csv: string; generatedAt: Date }> = new Error('no report configured');
  /** Whether this audit's GenerateCredentialReport started the report (else IAM reused one). */
  reportGeneratedForThisAudit = true;
  facts = new Map<string, Answer<LiveFacts>>();
  rootMfa: Answer<boolean> = true;
  /** Undefined: the report's MFA column is all the audit learns (ListVirtualMFADevices fails). */
  virtualMfa: Answer<ReadonlySet<string>> = new Error('AccessDenied: ListVirtualMFADevices');

  listUsers(): Promise<IamUser[]> {
    return answer(this.users);
  }
  async fetchCredentialReport(): Promise<FetchedCredentialReport> {
    this.reportFetches += 1;
    return { ...(await answer(this.report)), generatedForThisAudit: this.reportGeneratedForThisAudit };
  }
  checkUser(user: IamUser, mfaFirst: boolean): Promise<LiveFacts> {
    this.checked.push(user.userName);
    if (mfaFirst) this.mfaFirst.push(user.userName);
    return answer(this.facts.get(user.userName) ?? NO_PASSWORD);
  }
  listVirtualMfaUsers(): Promise<ReadonlySet<string>> {
    this.virtualMfaListings += 1;
    return answer(this.virtualMfa);
  }
  rootMfaEnabled(): Promise<boolean> {
    this.rootChecks += 1;
    return answer(this.rootMfa);
  }
  apiCalls(): { calls: Record<string, number>; retries: Record<string, number> } {
    return { calls: { ListUsers: 1 }, retries: {} };
  }
}

function answer<T>(a: Answer<T>): Promise<T> {
  if (a instanceof Error) return Promise.reject(a);
  if (typeof a === 'function') return (a as () => Promise<T>)();
  return Promise.resolve(a);
}

function options(overrides: Partial<AuditOptions> = {}): AuditOptions {
  return {
    strategy: 'auto',
    liveThreshold: 100,
    concurrency: 4,
    policy: DEFAULT_JUDGE_POLICY,
    now: () => NOW,
    ...overrides,
  };
}

/** `n` users named u000, u001, ... */
function manyUsers(n: number): IamUser[] {
  return Array.from({ length: n }, (_, i) => iamUser(`u${String(i).padStart(3, '0')}`));
}

/** The summary must agree with the lists it summarises. */
function expectConsistentSummary(report: AuditReport): void {
  expect(report.summary).toMatchObject({
    violations: report.violations.length,
    exempted: report.exempted.length,
    pending: report.pending.length,
    errors: report.errors.length,
    rootViolation: report.root?.violation ?? false,
  });
  expect(report.summary.candidates).toBeLessThanOrEqual(report.summary.usersScanned);
  expect(report.status).toBe(
    report.errors.some((e) => e.userName === null)
      ? 'failed'
      : report.errors.length > 0
        ? 'incomplete'
        : 'complete',
  );
}

const alice = iamUser('alice');
const bob = iamUser('bob');
const carol = iamUser('carol');

describe('runAudit', () => {
  let port: FakePort;
  beforeEach(() => {
    port = new FakePort();
    port.users = [alice, bob, carol];
    port.facts.set('alice', PASSWORD);
    port.facts.set('bob', WITH_MFA);
  });

  describe('when ListUsers fails', () => {
    beforeEach(() => {
      port.users = new AwsCallError('ListUsers', 'AccessDenied: denied (needs iam:ListUsers)');
    });

    test('the audit fails with one whole-audit error naming ListUsers', async () => {
      const report = await runAudit(port, options());

      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        { userName: null, operation: 'ListUsers', message: 'AccessDenied: denied (needs iam:ListUsers)' },
      ]);
    });

    test('nobody is judged, the report is not fetched and a note says no one was judged compliant', async () => {
      const report = await runAudit(port, options());

      expect(report).toMatchObject({ violations: [], exempted: [], pending: [], root: null });
      expect(port.reportFetches).toBe(0);
      expect(port.checked).toEqual([]);
      expect(report.notes.join(' ')).toContain('No user has been judged compliant');
      expectConsistentSummary(report);
    });

    test('an unexpected (non-AWS) error still fails the audit', async () => {
      port.users = new TypeError('boom');

      const report = await runAudit(port, options());

      expect(report.status).toBe('failed');
      expect(report.errors[0]).toMatchObject({ userName: null, message: 'TypeError: boom' });
    });
  });

  describe('strategy report', () => {
    beforeEach(() => {
      port.report = {
        csv: reportCsv([
          reportRow(alice, { passwordEnabled: 'true', mfaActive: 'false' }),
          reportRow(bob, { passwordEnabled: 'true', mfaActive: 'true' }),
          reportRow(carol, { passwordEnabled: 'false', mfaActive: 'false' }),
        ]),
        generatedAt: GENERATED_AT,
      };
    });

    test('checks live only the users the report cannot clear', async () => {
      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked).toEqual(['alice']);
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
      expect(report.summary).toMatchObject({ usersScanned: 3, candidates: 1, violations: 1 });
    });

    test("states the report's generation time and age", async () => {
      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.reportGeneratedAt).toBe(GENERATED_AT.toISOString());
      expect(report.reportAgeSeconds).toBe(7200);
      expect(report).toMatchObject({ strategy: 'report', requestedStrategy: 'report', status: 'complete' });
    });

    test('a report fetch that fails => the audit fails naming the operation', async () => {
      port.report = new AwsCallError('GenerateCredentialReport', 'credential report not ready after 120 s');

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        {
          userName: null,
          operation: 'GenerateCredentialReport',
          message: 'credential report not ready after 120 s',
        },
      ]);
      expect(port.checked).toEqual([]);
      expect(report.summary.usersScanned).toBe(3);
      expectConsistentSummary(report);
    });

    test('a report that is not a credential report CSV => the audit fails naming GetCredentialReport', async () => {
      port.report = { csv: 'this is not,a report\n', generatedAt: GENERATED_AT };

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.status).toBe('failed');
      expect(report.errors[0]).toMatchObject({ userName: null, operation: 'GetCredentialReport' });
      expect(report.errors[0]?.message).toContain('lacks column');
    });

    test('users missing from the report and created after it are checked live', async () => {
      const dave = iamUser('dave', { createDate: new Date(NOW.getTime() - HOUR_MS) });
      port.users = [alice, bob, carol, dave, iamUser('erin')];

      await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked).toEqual(['alice', 'dave', 'erin']);
    });

    test('unparsable rows are noted and their users checked live', async () => {
      const odd = iamUser('odd,name');
      port.users = [alice, bob, odd];
      port.report = {
        csv: reportCsv([reportRow(alice, { mfaActive: 'false' }), reportRow(bob), reportRow(odd)], {
          quote: false,
        }),
        generatedAt: GENERATED_AT,
      };

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked).toEqual(['alice', 'odd,name']);
      expect(report.notes.join(' ')).toContain('1 credential report row(s) could not be parsed');
    });

    test("the root user's last sign-in comes from the report", async () => {
      port.report = { csv: reportCsv([], { root: rootRow() }), generatedAt: GENERATED_AT };
      port.rootMfa = false;

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.root).toMatchObject({ violation: true, passwordLastUsed: '2026-11-01T09:15:00+00:00' });
    });
  });

  describe('strategy report with the live virtual-MFA set', () => {
    const REFRESH_FAILED_NOTE =
      'ListVirtualMFADevices failed (AccessDenied: no (needs iam:ListVirtualMFADevices)): IAM reused a ' +
      `credential report generated ${GENERATED_AT.toISOString()}, so its MFA column could not be ` +
      'refreshed; every console user it credits with MFA is checked live instead (any the audit has no time ' +
      'for are listed under errors).';

    beforeEach(() => {
      // alice: password, no MFA. bob: password and MFA. carol: no password.
      port.report = {
        csv: reportCsv([
          reportRow(alice, { passwordEnabled: 'true', mfaActive: 'false' }),
          reportRow(bob, { passwordEnabled: 'true', mfaActive: 'true' }),
          reportRow(carol, { passwordEnabled: 'false', mfaActive: 'false' }),
        ]),
        generatedAt: GENERATED_AT,
      };
      // IAM handed back a report someone else asked for.
      port.reportGeneratedForThisAudit = false;
    });

    test('a report this audit started is current: no refresh, its MFA column stands', async () => {
      port.reportGeneratedForThisAudit = true;
      port.virtualMfa = new Set();

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.virtualMfaListings).toBe(0);
      expect(port.checked).toEqual(['alice']);
      expect(report.notes).toEqual([]);
    });

    // Issue 11: a report another tool generated 10 s before the audit was trusted as the audit's
    // own (it was within a 60 s clock-skew allowance), and MFA removed in those 10 s was missed.
    test('a reused report generated 10 s before the audit is refreshed: MFA removed since is caught', async () => {
      port.report = {
        csv: (port.report as { csv: string }).csv,
        generatedAt: new Date(NOW.getTime() - 10_000),
      };
      port.virtualMfa = new Set();
      port.facts.set('bob', PASSWORD);

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.virtualMfaListings).toBe(1);
      expect(port.mfaFirst).toEqual(['bob']);
      expect(report.violations.map((v) => v.userName).sort()).toEqual(['alice', 'bob']);
    });

    test('a user the report credits with MFA and who holds a virtual device now is not checked', async () => {
      port.virtualMfa = new Set([bob.arn]);

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.virtualMfaListings).toBe(1);
      expect(port.checked).toEqual(['alice']);
      expect(port.mfaFirst).toEqual([]);
      expect(report.notes).toEqual([]);
      expect(report.summary).toMatchObject({ usersScanned: 3, candidates: 1, violations: 1 });
    });

    test('a user the report credits with MFA but missing from the live set is checked, devices first', async () => {
      port.virtualMfa = new Set();

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked.sort()).toEqual(['alice', 'bob']);
      expect(port.mfaFirst).toEqual(['bob']);
      expect(report.summary).toMatchObject({ usersScanned: 3, candidates: 2, violations: 1 });
      // bob still has a (hardware or U2F) device live: compliant.
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
      expect(report.status).toBe('complete');
    });

    test('MFA removed since the report is found: the user is a violation', async () => {
      port.virtualMfa = new Set();
      port.facts.set('bob', PASSWORD);

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.mfaFirst).toEqual(['bob']);
      expect(report.violations.map((v) => v.userName).sort()).toEqual(['alice', 'bob']);
      expectConsistentSummary(report);
    });

    test('the users the report already flags are checked the default way even when missing from the set', async () => {
      port.virtualMfa = new Set([`arn:aws:iam::123456789012:root`]);

      await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked.sort()).toEqual(['alice', 'bob']);
      expect(port.mfaFirst).toEqual(['bob']);
    });

    // Issue 11: with the refresh denied, the audit trusted the reused report's MFA column and
    // reported `complete` while users it wrongly credited with MFA went unseen.
    test('when listVirtualMfaUsers fails, every password user the report credits with MFA is checked live', async () => {
      port.virtualMfa = new AwsCallError(
        'ListVirtualMFADevices',
        'AccessDenied: no (needs iam:ListVirtualMFADevices)',
      );
      port.facts.set('bob', PASSWORD);

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(port.checked.sort()).toEqual(['alice', 'bob']);
      expect(port.mfaFirst).toEqual(['bob']);
      expect(report.notes).toEqual([REFRESH_FAILED_NOTE]);
      expect(report).toMatchObject({ status: 'complete', strategy: 'report', errors: [] });
      expect(report.violations.map((v) => v.userName).sort()).toEqual(['alice', 'bob']);
      expectConsistentSummary(report);
    });

    test('when listVirtualMfaUsers fails and time runs out, the users not reached are errors, never compliant', async () => {
      port.virtualMfa = new AwsCallError('ListVirtualMFADevices', 'AccessDenied: no');
      port.facts.set('bob', PASSWORD);
      let t = NOW.getTime();
      // Every check takes a minute; the deadline falls after the first one.
      port.facts.set('alice', () => {
        t += 60_000;
        return Promise.resolve(PASSWORD);
      });

      const report = await runAudit(
        port,
        options({
          strategy: 'report',
          concurrency: 1,
          now: () => new Date(t),
          deadline: new Date(NOW.getTime() + 30_000),
        }),
      );

      expect(report.status).toBe('incomplete');
      expect(report.errors.map((e) => [e.userName, e.operation])).toEqual([['bob', 'TimeBudget']]);
      expectConsistentSummary(report);
    });

    test.each([
      [
        'older than 4 hours (IAM could not regenerate it)',
        REPORT_REUSE_WINDOW_MS + REPORT_AGE_SLACK_MS + 1000,
      ],
      ['11 years old', 11 * 365 * DAY_MS],
    ])('a reused report %s clears no one: strategy report fails', async (_, ageMs) => {
      port.report = {
        csv: (port.report as { csv: string }).csv,
        generatedAt: new Date(NOW.getTime() - ageMs),
      };
      port.virtualMfa = new Set([bob.arn]);

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        {
          userName: null,
          operation: 'GenerateCredentialReport',
          message: expect.stringContaining("older than IAM's 4-hour regeneration window") as string,
        },
      ]);
      expect(port.checked).toEqual([]);
    });

    test('a reused report past the window sends auto to live checks of everyone, with a note', async () => {
      port.report = {
        csv: (port.report as { csv: string }).csv,
        generatedAt: new Date('2015-02-02T00:00:00Z'),
      };

      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(report.strategy).toBe('live');
      expect(port.checked.sort()).toEqual(['alice', 'bob', 'carol']);
      expect(report.notes).toEqual([
        expect.stringMatching(
          /^Credential report unavailable \(GenerateCredentialReport: .*not trusted to clear any user\); every one of the 3 users is checked live instead \(any the audit has no time for are listed under errors\)\.$/,
        ),
      ]);
    });

    test('a report this audit started is used whatever its GeneratedTime says (the emulator dates it 2015)', async () => {
      port.reportGeneratedForThisAudit = true;
      port.report = {
        csv: (port.report as { csv: string }).csv,
        generatedAt: new Date('2015-02-02T00:00:00Z'),
      };

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.strategy).toBe('report');
      expect(port.checked).toEqual(['alice']);
    });

    test('under auto above the threshold the set is used as under report', async () => {
      port.virtualMfa = new Set();

      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(report.strategy).toBe('report');
      expect(port.virtualMfaListings).toBe(1);
      expect(port.mfaFirst).toEqual(['bob']);
    });

    test('a report that fails under strategy report fails the audit before the set is listed', async () => {
      port.report = new AwsCallError('GetCredentialReport', 'Throttling: Rate exceeded');

      const report = await runAudit(port, options({ strategy: 'report' }));

      expect(report.status).toBe('failed');
      expect(port.virtualMfaListings).toBe(0);
    });
  });

  describe('never lists virtual MFA devices when the report is not used', () => {
    test.each<[string, Partial<AuditOptions>]>([
      ['strategy live', { strategy: 'live' }],
      ['strategy auto at or below the threshold', { strategy: 'auto', liveThreshold: 3 }],
      ['a users filter', { strategy: 'report', users: ['alice'] }],
    ])('%s', async (_what, overrides) => {
      port.virtualMfa = new Set();

      await runAudit(port, options(overrides));

      expect(port.virtualMfaListings).toBe(0);
      expect(port.mfaFirst).toEqual([]);
    });

    test('auto falling back to live after a failed report fetch', async () => {
      port.report = new AwsCallError('GetCredentialReport', 'Throttling: Rate exceeded');

      await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(port.virtualMfaListings).toBe(0);
      expect(port.checked).toEqual(['alice', 'bob', 'carol']);
      expect(port.mfaFirst).toEqual([]);
    });
  });

  describe('strategy auto', () => {
    test('at or below the threshold checks everyone live without fetching the report', async () => {
      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 3 }));

      expect(port.reportFetches).toBe(0);
      expect(port.checked).toEqual(['alice', 'bob', 'carol']);
      expect(report).toMatchObject({ strategy: 'live', requestedStrategy: 'auto', reportGeneratedAt: null });
      expect(report.reportAgeSeconds).toBeNull();
    });

    test('above the threshold uses the report', async () => {
      port.report = { csv: reportCsv([reportRow(alice, { mfaActive: 'false' })]), generatedAt: GENERATED_AT };

      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(port.reportFetches).toBe(1);
      expect(report.strategy).toBe('report');
    });

    test('above the threshold, a failed report fetch falls back to checking everyone live, with a note', async () => {
      port.report = new AwsCallError(
        'GetCredentialReport',
        'AccessDenied: no (needs iam:GetCredentialReport)',
      );

      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(port.checked).toEqual(['alice', 'bob', 'carol']);
      expect(report).toMatchObject({ status: 'complete', strategy: 'live', reportGeneratedAt: null });
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
      expect(report.notes).toEqual([
        'Credential report unavailable (GetCredentialReport: AccessDenied: no (needs iam:GetCredentialReport)); ' +
          'every one of the 3 users is checked live instead (any the audit has no time for are listed under errors).',
      ]);
    });

    test('above the threshold, an unreadable report CSV also falls back to live', async () => {
      port.report = { csv: '', generatedAt: GENERATED_AT };

      const report = await runAudit(port, options({ strategy: 'auto', liveThreshold: 2 }));

      expect(port.checked).toEqual(['alice', 'bob', 'carol']);
      expect(report.notes[0]).toContain('Credential report unavailable (GetCredentialReport:');
    });
  });

  test('strategy live checks everyone and never fetches the report', async () => {
    port.users = manyUsers(150);

    const report = await runAudit(port, options({ strategy: 'live' }));

    expect(port.reportFetches).toBe(0);
    expect(port.checked).toHaveLength(150);
    expect(report.summary).toMatchObject({ usersScanned: 150, candidates: 150 });
  });

  describe('a user that cannot be checked', () => {
    test.each<[string, Answer<LiveFacts>, string]>([
      [
        'checkUser throws an AwsCallError',
        new AwsCallError('GetLoginProfile', 'Throttling: Rate exceeded'),
        'GetLoginProfile',
      ],
      [
        'checkUser returns an error',
        {
          kind: 'error',
          operation: 'ListMFADevices',
          message: 'AccessDenied: no (needs iam:ListMFADevices)',
        },
        'ListMFADevices',
      ],
      ['checkUser throws something unexpected', new RangeError('bad'), 'unknown'],
    ])(
      '%s => that user is in errors, the audit is incomplete, the rest correct',
      async (_what, facts, operation) => {
        port.facts.set('carol', facts);

        const report = await runAudit(port, options({ strategy: 'live' }));

        expect(report.status).toBe('incomplete');
        expect(report.errors).toEqual([
          { userName: 'carol', arn: carol.arn, userId: carol.userId, operation, message: expect.any(String) },
        ]);
        expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
        expect(report.summary).toMatchObject({ usersScanned: 3, candidates: 3, violations: 1, errors: 1 });
        expectConsistentSummary(report);
      },
    );
  });

  describe('exemption tags that cannot be read', () => {
    // Issue 11: a denied ListUserTags turned an exempted user into a violation with no word why.
    test('keep the violation, and the reason and a note say the exemption could not be read and what to grant', async () => {
      const denied = 'AccessDenied: not authorized (needs iam:ListUserTags)';
      port.facts.set('alice', {
        ...PASSWORD,
        tags: { ok: false, operation: 'ListUserTags', message: denied },
      });
      port.facts.set('carol', {
        ...PASSWORD,
        tags: { ok: false, operation: 'ListUserTags', message: denied },
      });

      const report = await runAudit(port, options({ strategy: 'live' }));

      expect(report.violations.map((v) => v.userName).sort()).toEqual(['alice', 'carol']);
      for (const v of report.violations) {
        expect(v.reason).toContain(
          `exemption tags could not be read, so no exemption applies (ListUserTags failed: ${denied})`,
        );
      }
      expect(report.notes).toEqual([
        `ListUserTags failed for 2 user(s) (alice, carol): their exemption tags could not be read, so they are ` +
          `reported as violations whether or not they are exempt (${denied}).`,
      ]);
      expect(report.status).toBe('complete');
    });
  });

  describe('a time budget (deadline)', () => {
    test('checks start until the deadline; the rest are errors, never compliant, and a note says why', async () => {
      port.users = manyUsers(10);
      let clock = NOW.getTime();
      // Each check takes a second of the audit's clock; the deadline falls after the fourth.
      for (const u of port.users) {
        port.facts.set(u.userName, () => {
          clock += 1000;
          return Promise.resolve(PASSWORD);
        });
      }
      const deadline = new Date(NOW.getTime() + 4000);

      const report = await runAudit(
        port,
        options({ strategy: 'live', concurrency: 1, now: () => new Date(clock), deadline }),
      );

      expect(port.checked).toHaveLength(4);
      expect(report.status).toBe('incomplete');
      expect(report.violations).toHaveLength(4);
      expect(report.errors).toHaveLength(6);
      expect(report.errors.every((e) => e.operation === 'TimeBudget')).toBe(true);
      expect(report.errors.map((e) => e.userName)).toEqual(port.users.slice(4).map((u) => u.userName));
      expect(report.notes).toEqual([expect.stringContaining('6 of 10 candidates were not checked')]);
      expect(port.rootChecks).toBe(1);
      expectConsistentSummary(report);
    });

    test('a deadline never reached changes nothing', async () => {
      const report = await runAudit(
        port,
        options({ strategy: 'live', deadline: new Date(NOW.getTime() + 60_000) }),
      );

      expect(report.status).toBe('complete');
      expect(report.notes).toEqual([]);
      expect(port.checked).toHaveLength(3);
    });
  });

  describe('a hard deadline: calls that never answer are abandoned, the report is returned by then', () => {
    /** A call that never settles and ignores its signal: only the engine's own race can end it. */
    const never =
      <T>(): (() => Promise<T>) =>
      () =>
        new Promise<T>(() => undefined);
    const BUDGET_MS = 150;
    /** Real time: the deadline fires on the clock the audit runs on. */
    const withDeadline = (overrides: Partial<AuditOptions> = {}): AuditOptions =>
      options({ now: () => new Date(), deadline: new Date(Date.now() + BUDGET_MS), ...overrides });
    const timed = async (run: Promise<AuditReport>): Promise<{ report: AuditReport; ms: number }> => {
      const started = Date.now();
      const report = await run;
      return { report, ms: Date.now() - started };
    };

    test('a live check in flight is abandoned: that user is an error, the others are judged', async () => {
      port.facts.set('carol', never<LiveFacts>());
      let signal: AbortSignal | undefined;
      const checkUser = port.checkUser.bind(port);
      port.checkUser = (user: IamUser, mfaFirst: boolean, s?: AbortSignal): Promise<LiveFacts> => {
        signal = s;
        return checkUser(user, mfaFirst);
      };

      const { report, ms } = await timed(runAudit(port, withDeadline({ strategy: 'live' })));

      expect(ms).toBeLessThan(BUDGET_MS + 500);
      expect(signal?.aborted).toBe(true);
      expect(report.status).toBe('incomplete');
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
      expect(report.errors).toEqual([
        {
          userName: 'carol',
          arn: expect.any(String),
          userId: expect.any(String),
          operation: 'TimeBudget',
          message: expect.stringContaining('abandoned'),
        },
      ]);
      expect(report.notes).toEqual([
        expect.stringContaining(
          '1 of 3 candidates were not checked, 1 of them abandoned while waiting on IAM',
        ),
      ]);
      expectConsistentSummary(report);
    });

    test('checks waiting for a slot when the deadline passes are not started', async () => {
      port.users = manyUsers(6);
      for (const u of port.users) port.facts.set(u.userName, never<LiveFacts>());

      const { report } = await timed(runAudit(port, withDeadline({ strategy: 'live', concurrency: 2 })));

      expect(port.checked).toHaveLength(2);
      expect(report.errors).toHaveLength(6);
      expect(report.notes).toEqual([
        expect.stringContaining('6 of 6 candidates were not checked, 2 of them'),
      ]);
      expectConsistentSummary(report);
    });

    test('ListUsers that never answers: the audit fails (never "complete"), on time', async () => {
      port.users = never<IamUser[]>();

      const { report, ms } = await timed(runAudit(port, withDeadline()));

      expect(ms).toBeLessThan(BUDGET_MS + 500);
      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        {
          userName: null,
          operation: 'ListUsers',
          message: expect.stringMatching(/^abandoned: no answer by /),
        },
      ]);
    });

    test('a credential report that never comes: strategy report fails', async () => {
      port.report = never<{ csv: string; generatedAt: Date }>();

      const { report } = await timed(runAudit(port, withDeadline({ strategy: 'report' })));

      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        { userName: null, operation: 'GetCredentialReport', message: expect.stringContaining('abandoned') },
      ]);
    });

    test('a credential report that never comes: auto falls back to live, with no time left: incomplete', async () => {
      port.report = never<{ csv: string; generatedAt: Date }>();

      const { report, ms } = await timed(
        runAudit(port, withDeadline({ strategy: 'auto', liveThreshold: 1 })),
      );

      expect(ms).toBeLessThan(BUDGET_MS + 500);
      expect(report.status).toBe('incomplete');
      expect(report.errors.map((e) => [e.userName, e.operation])).toEqual([
        ['alice', 'TimeBudget'],
        ['bob', 'TimeBudget'],
        ['carol', 'TimeBudget'],
        ['<root_account>', 'GetAccountSummary'],
      ]);
      expect(port.checked).toEqual([]);
      expectConsistentSummary(report);
    });

    test('a root check that never answers: root is an error, the users are judged', async () => {
      port.rootMfa = never<boolean>();

      const { report, ms } = await timed(runAudit(port, withDeadline({ strategy: 'live' })));

      expect(ms).toBeLessThan(BUDGET_MS + 500);
      expect(report.status).toBe('incomplete');
      expect(report.root).toBeNull();
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
      expect(report.errors).toEqual([
        {
          userName: '<root_account>',
          operation: 'GetAccountSummary',
          message: expect.stringContaining('abandoned'),
        },
      ]);
    });

    test('a deadline already past asks IAM nothing and fails at once, saying why', async () => {
      const listUsers = jest.spyOn(port, 'listUsers');

      const { report } = await timed(
        runAudit(
          port,
          options({ strategy: 'live', now: () => new Date(), deadline: new Date(Date.now() - 1) }),
        ),
      );

      expect(listUsers).not.toHaveBeenCalled();
      expect(port.checked).toEqual([]);
      expect(report.status).toBe('failed');
      expect(report.errors).toEqual([
        { userName: null, operation: 'ListUsers', message: expect.stringContaining('abandoned') },
      ]);
    });
  });

  describe('the root user', () => {
    test('is checked live and reported apart from the users', async () => {
      port.rootMfa = false;

      const report = await runAudit(port, options({ strategy: 'live' }));

      expect(report.root).toMatchObject({
        mfaEnabled: false,
        violation: true,
        severity: 'critical',
        arn: null,
      });
      expect(report.summary).toMatchObject({ rootViolation: true, violations: 1 });
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    });

    test('a root check that throws => root null and an error naming the root user', async () => {
      port.rootMfa = new AwsCallError('GetAccountSummary', 'AccessDenied: no (needs iam:GetAccountSummary)');

      const report = await runAudit(port, options({ strategy: 'live' }));

      expect(report.root).toBeNull();
      expect(report.errors).toEqual([
        {
          userName: '<root_account>',
          operation: 'GetAccountSummary',
          message: 'AccessDenied: no (needs iam:GetAccountSummary)',
        },
      ]);
      expect(report.status).toBe('incomplete');
      expectConsistentSummary(report);
    });
  });

  describe('a users filter', () => {
    test('checks only the named users, live, even under strategy report', async () => {
      const report = await runAudit(port, options({ strategy: 'report', users: ['carol', 'alice'] }));

      expect(port.checked.sort()).toEqual(['alice', 'carol']);
      expect(port.reportFetches).toBe(0);
      expect(report.strategy).toBe('live');
      expect(report.summary).toMatchObject({ usersScanned: 2, candidates: 2, violations: 1 });
    });

    test('does not check the root user', async () => {
      port.rootMfa = false;

      const report = await runAudit(port, options({ users: ['alice'] }));

      expect(port.rootChecks).toBe(0);
      expect(report.root).toBeNull();
      expect(report.summary.rootViolation).toBe(false);
    });

    test('notes each requested name that does not exist', async () => {
      const report = await runAudit(port, options({ users: ['alice', 'ghost', 'nobody'] }));

      expect(port.checked).toEqual(['alice']);
      expect(report.notes).toEqual([
        'Requested user "ghost" does not exist; nothing to check.',
        'Requested user "nobody" does not exist; nothing to check.',
      ]);
      expect(report.status).toBe('complete');
    });

    test('matches names without regard to case, as IAM does (a CloudTrail event may say "Alice")', async () => {
      const report = await runAudit(port, options({ users: ['Alice'] }));

      expect(port.checked).toEqual(['alice']);
      expect(report.notes).toEqual([]);
      expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    });

    test('notes a missing name once, however often and in whatever case it was requested', async () => {
      const report = await runAudit(port, options({ users: ['ghost', 'ghost', 'Ghost'] }));

      expect(report.notes).toEqual(['Requested user "ghost" does not exist; nothing to check.']);
    });

    test('matches names containing commas exactly', async () => {
      port.users = [alice, iamUser('dev,ops'), iamUser('dev')];

      await runAudit(port, options({ users: ['dev,ops'] }));

      expect(port.checked).toEqual(['dev,ops']);
    });
  });

  test('summary counts agree with the lists in a mixed account', async () => {
    const created = (hoursAgo: number): Date => new Date(NOW.getTime() - hoursAgo * HOUR_MS);
    const users = [
      iamUser('violator', { passwordLastUsed: new Date(NOW.getTime() - DAY_MS) }),
      iamUser('mfa'),
      iamUser('nopassword'),
      iamUser('exempt'),
      iamUser('newbie'),
      iamUser('broken'),
      iamUser('gone'),
    ];
    port.users = users;
    port.facts = new Map<string, Answer<LiveFacts>>([
      ['violator', PASSWORD],
      ['mfa', WITH_MFA],
      ['nopassword', NO_PASSWORD],
      [
        'exempt',
        {
          ...PASSWORD,
          tags: { ok: true, values: { [EXEMPT_UNTIL_TAG]: '2026-12-01', [EXEMPT_REASON_TAG]: 'vendor' } },
        },
      ],
      ['newbie', { ...PASSWORD, loginProfile: { createDate: created(1), passwordResetRequired: true } }],
      ['broken', { kind: 'error', operation: 'GetLoginProfile', message: 'Throttling: Rate exceeded' }],
      ['gone', { kind: 'gone' }],
    ]);
    port.rootMfa = false;

    const report = await runAudit(
      port,
      options({ strategy: 'live', policy: { ...DEFAULT_JUDGE_POLICY, gracePeriodHours: 24 } }),
    );

    expect(report.summary).toEqual({
      usersScanned: 7,
      candidates: 7,
      violations: 1,
      exempted: 1,
      pending: 1,
      errors: 1,
      rootViolation: true,
    });
    expect(report.violations.map((v) => v.userName)).toEqual(['violator']);
    expect(report.exempted.map((e) => e.userName)).toEqual(['exempt']);
    expect(report.pending.map((p) => p.userName)).toEqual(['newbie']);
    expectConsistentSummary(report);
  });

  test('violations come out most urgent first', async () => {
    const used = (daysAgo: number): Date => new Date(NOW.getTime() - daysAgo * DAY_MS);
    port.users = [
      iamUser('stale', { passwordLastUsed: used(400) }),
      iamUser('never'),
      iamUser('recent', { passwordLastUsed: used(1) }),
      iamUser('week', { passwordLastUsed: used(7) }),
    ];
    for (const u of port.users) port.facts.set(u.userName, PASSWORD);

    const report = await runAudit(port, options({ strategy: 'live' }));

    expect(report.violations.map((v) => [v.userName, v.severity])).toEqual([
      ['recent', 'critical'],
      ['week', 'critical'],
      ['stale', 'high'],
      ['never', 'high'],
    ]);
  });

  test('the account id comes from the ARNs unless given', async () => {
    expect((await runAudit(port, options())).accountId).toBe('123456789012');
    expect((await runAudit(port, options({ accountId: '210987654321' }))).accountId).toBe('210987654321');
  });

  test('reports the API calls the port counted', async () => {
    const report = await runAudit(port, options());

    expect(report.apiCalls).toEqual({ ListUsers: 1 });
    expect(report.apiRetries).toEqual({});
  });

  test('an empty account is a complete audit with nothing to report', async () => {
    port.users = [];

    const report = await runAudit(port, options());

    expect(report).toMatchObject({ status: 'complete', violations: [], errors: [], accountId: null });
    expect(report.summary).toMatchObject({ usersScanned: 0, candidates: 0 });
  });

  test('never runs more live checks at once than the concurrency allows', async () => {
    port.users = manyUsers(20);
    let inFlight = 0;
    let peak = 0;
    for (const u of port.users) {
      port.facts.set(u.userName, async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        return NO_PASSWORD;
      });
    }

    await runAudit(port, options({ strategy: 'live', concurrency: 3 }));

    expect(peak).toBe(3);
    expect(port.checked).toHaveLength(20);
  });

  test('reports progress once per candidate, ending at the total', async () => {
    const progress: [number, number][] = [];

    await runAudit(
      port,
      options({ strategy: 'live', onProgress: (done, total) => progress.push([done, total]) }),
    );

    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
