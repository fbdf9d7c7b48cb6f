import { selectCandidates } from '../../lambda/core/candidates';
import { parseCredentialReport } from '../../lambda/core/credential-report-csv';
import type {
  CandidateReason,
  CredentialReport,
  CredentialReportRow,
  IamUser,
} from '../../lambda/core/types';
import { HOUR_MS, iamUser, reportCsv, reportRow, rootRow } from '../../tools/builders/iam';

const GENERATED_AT = new Date('2026-11-22T10:00:00Z');
const alice = iamUser('alice', { createDate: new Date('2025-01-15T08:30:00Z') });

function report(rows: readonly CredentialReportRow[], root?: CredentialReportRow): CredentialReport {
  return { generatedAt: GENERATED_AT, rows, root, unparsableRows: 0 };
}

function reasonFor(user: IamUser, rows: readonly CredentialReportRow[]): CandidateReason | 'cleared' {
  const [only, ...rest] = selectCandidates([user], report(rows));
  expect(rest).toEqual([]);
  return only ? only.because : 'cleared';
}

describe('selectCandidates', () => {
  test.each<[string, Partial<CredentialReportRow>, CandidateReason | 'cleared']>([
    ['password and no MFA', { passwordEnabled: 'true', mfaActive: 'false' }, 'report-no-mfa'],
    ['password and MFA', { passwordEnabled: 'true', mfaActive: 'true' }, 'cleared'],
    ['no password and no MFA', { passwordEnabled: 'false', mfaActive: 'false' }, 'cleared'],
    ['no password and MFA', { passwordEnabled: 'false', mfaActive: 'true' }, 'cleared'],
  ])('report row with %s => %s', (_what, values, expected) => {
    expect(reasonFor(alice, [reportRow(alice, values)])).toBe(expected);
  });

  test.each<[string, Partial<CredentialReportRow>]>([
    ['password_enabled not_supported', { passwordEnabled: 'not_supported', mfaActive: 'true' }],
    ['password_enabled garbage', { passwordEnabled: 'yes', mfaActive: 'true' }],
    ['password_enabled empty', { passwordEnabled: '', mfaActive: 'true' }],
    ['password_enabled in upper case', { passwordEnabled: 'TRUE', mfaActive: 'true' }],
    ['mfa_active not_supported', { passwordEnabled: 'true', mfaActive: 'not_supported' }],
    ['mfa_active garbage', { passwordEnabled: 'false', mfaActive: 'maybe' }],
  ])('a row with an unrecognised value (%s) is a candidate', (_what, values) => {
    expect(reasonFor(alice, [reportRow(alice, values)])).toBe('report-row-mismatch');
  });

  test('a user missing from a report generated after its creation is a candidate: not-in-report', () => {
    expect(reasonFor(alice, [])).toBe('not-in-report');
  });

  test('a user created after the report was generated is a candidate: created-after-report', () => {
    const late = iamUser('late', { createDate: new Date(GENERATED_AT.getTime() + HOUR_MS) });

    expect(reasonFor(late, [])).toBe('created-after-report');
  });

  test('a user re-created under the same name (row creation time differs) is a candidate', () => {
    const recreated = iamUser('alice', { createDate: new Date('2026-06-01T00:00:00Z') });
    const oldRow = reportRow(alice, { passwordEnabled: 'false', mfaActive: 'false' });

    expect(reasonFor(recreated, [oldRow])).toBe('report-row-mismatch');
  });

  test('a row whose creation time is not a date is a candidate', () => {
    const row = reportRow(alice, { userCreationTime: 'N/A', passwordEnabled: 'false' });

    expect(reasonFor(alice, [row])).toBe('report-row-mismatch');
  });

  test('a row with the same ARN but another user name is a candidate', () => {
    const row = { ...reportRow(alice, { passwordEnabled: 'false' }), user: 'alice-old' };

    expect(reasonFor(alice, [row])).toBe('report-row-mismatch');
  });

  test('a creation time that differs only by sub-second rounding still matches the row', () => {
    const precise = iamUser('alice', { createDate: new Date(alice.createDate.getTime() + 400) });
    const row = reportRow(alice, { passwordEnabled: 'false', mfaActive: 'false' });

    expect(reasonFor(precise, [row])).toBe('cleared');
  });

  test('the row of another user does not vouch for this one', () => {
    const bob = iamUser('bob');

    expect(reasonFor(alice, [reportRow(bob, { passwordEnabled: 'false' })])).toBe('not-in-report');
  });

  test('no password in the report but a console sign-in after it => candidate', () => {
    const signedIn = { ...alice, passwordLastUsed: new Date(GENERATED_AT.getTime() + 60_000) };
    const row = reportRow(alice, { passwordEnabled: 'false', mfaActive: 'false', passwordLastUsed: 'N/A' });

    expect(reasonFor(signedIn, [row])).toBe('password-used-after-report');
  });

  test('no password in the report and a sign-in before it => cleared', () => {
    const signedIn = { ...alice, passwordLastUsed: new Date(GENERATED_AT.getTime() - 60_000) };
    const row = reportRow(alice, { passwordEnabled: 'false', mfaActive: 'false' });

    expect(reasonFor(signedIn, [row])).toBe('cleared');
  });

  test.each<[string, string, string, CandidateReason | 'cleared']>([
    ['no_information', 'true', 'false', 'report-no-mfa'],
    ['no_information', 'true', 'true', 'cleared'],
    ['N/A', 'false', 'false', 'cleared'],
    ['N/A', 'true', 'false', 'report-no-mfa'],
    ['2026-11-21T09:00:00+00:00', 'true', 'false', 'report-no-mfa'],
    ['2026-11-21T09:00:00+00:00', 'true', 'true', 'cleared'],
  ])(
    'password_last_used %s with password_enabled %s, mfa_active %s => %s',
    (passwordLastUsed, passwordEnabled, mfaActive, expected) => {
      const row = reportRow(alice, { passwordLastUsed, passwordEnabled, mfaActive });

      expect(reasonFor(alice, [row])).toBe(expected);
    },
  );

  test('the root row is never a user candidate, even without MFA', () => {
    const parsed = parseCredentialReport(
      reportCsv([], { root: rootRow({ mfaActive: 'false' }) }),
      GENERATED_AT,
    );

    expect(parsed.root?.mfaActive).toBe('false');
    expect(selectCandidates([alice], parsed)).toEqual([{ user: alice, because: 'not-in-report' }]);
    expect(selectCandidates([], parsed)).toEqual([]);
  });

  describe('with the live virtual-MFA set (liveVirtualMfa)', () => {
    const assigned = new Set([alice.arn]);
    const empty = new Set<string>();

    function reasonWith(
      row: Partial<CredentialReportRow>,
      live: ReadonlySet<string> | undefined,
    ): CandidateReason | 'cleared' {
      const [only, ...rest] = selectCandidates([alice], report([reportRow(alice, row)]), live);
      expect(rest).toEqual([]);
      return only ? only.because : 'cleared';
    }

    type Live = 'in the live set' | 'not in the live set' | 'no live set';
    const liveSets: Record<Live, ReadonlySet<string> | undefined> = {
      'in the live set': assigned,
      'not in the live set': empty,
      'no live set': undefined,
    };

    test.each<[string, string, Live, CandidateReason | 'cleared']>([
      ['true', 'true', 'in the live set', 'cleared'],
      ['true', 'true', 'not in the live set', 'mfa-not-confirmed'],
      // The old behaviour: without the set the report's mfa_active stands.
      ['true', 'true', 'no live set', 'cleared'],
      ['false', 'true', 'in the live set', 'cleared'],
      ['false', 'true', 'not in the live set', 'cleared'],
      ['false', 'true', 'no live set', 'cleared'],
      ['false', 'false', 'in the live set', 'cleared'],
      ['false', 'false', 'not in the live set', 'cleared'],
      ['false', 'false', 'no live set', 'cleared'],
      // MFA enabled after the report, on a virtual device: live, so no check is needed.
      ['true', 'false', 'in the live set', 'cleared'],
      ['true', 'false', 'not in the live set', 'report-no-mfa'],
      ['true', 'false', 'no live set', 'report-no-mfa'],
    ])('report password_enabled=%s mfa_active=%s, %s => %s', (passwordEnabled, mfaActive, live, expected) => {
      expect(reasonWith({ passwordEnabled, mfaActive }, liveSets[live])).toBe(expected);
    });

    test('the set is matched by ARN, not by user name', () => {
      const samePersonOtherPath = iamUser('alice', { path: '/old/' }).arn;

      expect(reasonWith({ passwordEnabled: 'true', mfaActive: 'true' }, new Set([samePersonOtherPath]))).toBe(
        'mfa-not-confirmed',
      );
    });

    test('no password but a sign-in after the report is still password-used-after-report', () => {
      const signedIn = { ...alice, passwordLastUsed: new Date(GENERATED_AT.getTime() + 60_000) };
      const row = reportRow(alice, { passwordEnabled: 'false', mfaActive: 'true' });

      expect(selectCandidates([signedIn], report([row]), empty)).toEqual([
        { user: signedIn, because: 'password-used-after-report' },
      ]);
    });

    test('users the report cannot vouch for keep their own reason', () => {
      const late = iamUser('late', { createDate: new Date(GENERATED_AT.getTime() + HOUR_MS) });
      const missing = iamUser('missing');

      expect(selectCandidates([late, missing], report([]), empty)).toEqual([
        { user: late, because: 'created-after-report' },
        { user: missing, because: 'not-in-report' },
      ]);
    });

    test('in a mixed account only password users credited with MFA and absent from the set are added', () => {
      const users = ['kept', 'removed', 'nopw', 'nomfa'].map((name) => iamUser(name));
      const [kept, removed, nopw, nomfa] = users as [IamUser, IamUser, IamUser, IamUser];
      const rows = [
        reportRow(kept),
        reportRow(removed),
        reportRow(nopw, { passwordEnabled: 'false', mfaActive: 'false' }),
        reportRow(nomfa, { mfaActive: 'false' }),
      ];

      expect(selectCandidates(users, report(rows), new Set([kept.arn]))).toEqual([
        { user: removed, because: 'mfa-not-confirmed' },
        { user: nomfa, because: 'report-no-mfa' },
      ]);
    });
  });

  test('keeps the order of the listed users and clears only those the report vouches for', () => {
    const users = ['u1', 'u2', 'u3', 'u4'].map((name) => iamUser(name));
    const [u1, u2, u3, u4] = users as [IamUser, IamUser, IamUser, IamUser];
    const rows = [
      reportRow(u4, { passwordEnabled: 'true', mfaActive: 'false' }),
      reportRow(u2, { passwordEnabled: 'true', mfaActive: 'true' }),
      reportRow(u1, { passwordEnabled: 'true', mfaActive: 'false' }),
    ];

    expect(selectCandidates(users, report(rows))).toEqual([
      { user: u1, because: 'report-no-mfa' },
      { user: u3, because: 'not-in-report' },
      { user: u4, because: 'report-no-mfa' },
    ]);
  });
});
