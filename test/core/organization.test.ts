import { exitCodeForOrganization } from '../../lambda/cli/exit-code';
import type { AccountAuditReport, MemberAccount } from '../../lambda/core/organization';
import {
  isAccountId,
  memberRoleArn,
  notAuditedReport,
  organizationReport,
  selectAccounts,
  withAccount,
} from '../../lambda/core/organization';
import { auditReport, securityHubExport, violation } from '../../tools/builders/report';

const CHECKED_AT = '2026-12-03T06:00:00.000Z';
const account = (id: string, status = 'ACTIVE', name = `acct-${id.slice(-2)}`): MemberAccount => ({
  id,
  name,
  status,
});
const A = account('111111111111');
const B = account('222222222222');
const C = account('333333333333', 'SUSPENDED');
const D = account('444444444444', 'PENDING_CLOSURE');

const complete = (a: MemberAccount, violators: string[] = [], rootViolation = false): AccountAuditReport =>
  withAccount(
    auditReport(
      CHECKED_AT,
      violators.map((n) => violation(n)),
      { accountId: a.id, summary: { rootViolation } },
    ),
    a,
  );
const denied = (a: MemberAccount): AccountAuditReport =>
  notAuditedReport(
    a,
    { operation: 'AssumeRole', message: 'AccessDenied', code: 'AccessDenied', permission: 'sts:AssumeRole' },
    new Date(CHECKED_AT),
    'auto',
  );

describe('selectAccounts', () => {
  test('every ACTIVE listed account, by id; the others skipped and named', () => {
    const selection = selectAccounts([B, C, A, D]);

    expect(selection.audit).toEqual([A, B]);
    expect(selection.skipped).toEqual([C, D]);
    expect(selection.notes).toEqual([
      'Account acct-33 (333333333333) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.',
      'Account acct-44 (444444444444) skipped: it is PENDING_CLOSURE, not ACTIVE, so nobody can sign in to it.',
    ]);
  });

  test('requested ids: just those, each once; a suspended one is skipped, an unlisted one still audited', () => {
    const selection = selectAccounts([A, B, C], ['999999999999', C.id, A.id, A.id], 'o-abc123');

    expect(selection.audit).toEqual([A, { id: '999999999999', status: 'UNKNOWN' }]);
    expect(selection.skipped).toEqual([C]);
    expect(selection.notes).toContain('Not listed in organization o-abc123, audited anyway: 999999999999.');
  });

  test('requested ids without a listing: every one is audited (a role that cannot be assumed fails it)', () => {
    const selection = selectAccounts(null, [B.id, A.id]);

    expect(selection.audit.map((a) => a.id)).toEqual([A.id, B.id]);
    expect(selection.notes).toEqual([]);
  });
});

describe('organizationReport', () => {
  test('sums the accounts; complete only when every account is', () => {
    const report = organizationReport({
      organizationId: 'o-abc123',
      checkedAt: new Date(CHECKED_AT),
      accounts: [complete(B, ['alice'], true), complete(A, ['alice', 'bob'])],
    });

    expect(report).toMatchObject({
      kind: 'organization',
      organizationId: 'o-abc123',
      checkedAt: CHECKED_AT,
      status: 'complete',
      summary: {
        accounts: 2,
        accountsComplete: 2,
        accountsIncomplete: 0,
        accountsFailed: 0,
        violations: 3,
        rootViolations: 1,
      },
    });
    expect(report.accounts.map((a) => a.accountId)).toEqual([A.id, B.id]);
    expect(exitCodeForOrganization(report)).toBe(2);
  });

  test('an account not audited makes the organization incomplete (exit 1), whatever the others found', () => {
    const report = organizationReport({
      organizationId: 'o-abc123',
      checkedAt: new Date(CHECKED_AT),
      accounts: [complete(A), denied(B)],
    });

    expect(report.status).toBe('incomplete');
    expect(report.summary).toMatchObject({ accountsComplete: 1, accountsFailed: 1, violations: 0 });
    expect(exitCodeForOrganization(report)).toBe(1);
  });

  test("findings that did not reach an account's Security Hub: one organization note naming it, and exit 1", () => {
    const hubFailed: AccountAuditReport = {
      ...complete(B, ['alice']),
      securityHub: securityHubExport('failed', 1),
    };
    const report = organizationReport({
      organizationId: 'o-abc123',
      checkedAt: new Date(CHECKED_AT),
      accounts: [complete(A), hubFailed],
      notes: ['listed'],
    });

    expect(report.notes).toEqual([
      'listed',
      `Security Hub was not fully updated in 1 account(s): acct-22 (${B.id}) (BatchImportFindings: AccessDenied). ` +
        "Those accounts' Security Hub shows less than this audit found; see each account's securityHub.errors.",
    ]);
    expect(report.status).toBe('complete');
    expect(exitCodeForOrganization(report)).toBe(1);
  });

  test('a failure to list the organization makes it failed, with no account claimed', () => {
    const report = organizationReport({
      organizationId: null,
      checkedAt: new Date(CHECKED_AT),
      accounts: [],
      errors: [{ userName: null, operation: 'ListAccounts', message: 'AccessDenied' }],
    });

    expect(report.status).toBe('failed');
    expect(exitCodeForOrganization(report)).toBe(1);
  });

  test('0 only when every account is complete with no user and no root user without MFA', () => {
    const clean = organizationReport({
      organizationId: null,
      checkedAt: new Date(CHECKED_AT),
      accounts: [complete(A)],
    });
    const rootOnly = organizationReport({
      organizationId: null,
      checkedAt: new Date(CHECKED_AT),
      accounts: [complete(A, [], true)],
    });

    expect(exitCodeForOrganization(clean)).toBe(0);
    expect(exitCodeForOrganization(rootOnly)).toBe(2);
  });
});

test('no account to audit (all named ones suspended) is incomplete, never an all clear', () => {
  const report = organizationReport({
    organizationId: 'o-abc123',
    checkedAt: new Date(CHECKED_AT),
    accounts: [],
    notes: [
      'Account acct-33 (333333333333) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.',
    ],
  });

  expect(report.status).toBe('incomplete');
  expect(exitCodeForOrganization(report)).toBe(1);
});

describe('a not-audited account', () => {
  test('is a failed report naming the account, the reason and the permission, judging nobody', () => {
    const report = denied(A);

    expect(report).toMatchObject({
      accountId: A.id,
      accountName: A.name,
      status: 'failed',
      violations: [],
      root: null,
      summary: { violations: 0, errors: 1, rootViolation: false },
    });
    expect(report.errors).toEqual([
      expect.objectContaining({ userName: null, operation: 'AssumeRole', permission: 'sts:AssumeRole' }),
    ]);
  });
});

test.each([
  ['123456789012', true],
  ['12345678901', false],
  ['1234567890123', false],
  ['12345678901a', false],
  [' 123456789012', false],
])('isAccountId(%j) = %s', (id, ok) => {
  expect(isAccountId(id)).toBe(ok);
});

test('memberRoleArn uses the partition', () => {
  expect(memberRoleArn('123456789012', 'MfaAuditorReadRole', 'aws-us-gov')).toBe(
    'arn:aws-us-gov:iam::123456789012:role/MfaAuditorReadRole',
  );
});
