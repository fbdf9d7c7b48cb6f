import {
  organizationSummaryLine,
  orderForPeople,
  renderOrganizationHuman,
} from '../../lambda/cli/organization-table';
import type { AccountAuditReport, MemberAccount } from '../../lambda/core/organization';
import { notAuditedReport, organizationReport, withAccount } from '../../lambda/core/organization';
import { auditReport, violation } from '../../tools/builders/report';

const AT = '2026-12-03T06:00:00.000Z';
const acct = (id: string, name: string): MemberAccount => ({ id, name, status: 'ACTIVE' });
const audited = (a: MemberAccount, violators: string[], rootViolation = false): AccountAuditReport =>
  withAccount(
    auditReport(
      AT,
      violators.map((n) => violation(n)),
      { accountId: a.id, summary: { rootViolation } },
    ),
    a,
  );

const clean = audited(acct('111111111111', 'clean'), []);
const many = audited(acct('222222222222', 'many'), ['alice', 'bob']);
const one = audited(acct('333333333333', 'one'), ['carol'], true);
const rootOnly = audited(acct('555555555555', 'root-only'), [], true);
const lost = notAuditedReport(
  acct('444444444444', 'lost'),
  {
    operation: 'AssumeRole',
    message: 'AccessDenied: not authorized (needs sts:AssumeRole)',
    permission: 'sts:AssumeRole',
  },
  new Date(AT),
  'auto',
);

test('accounts not audited come first, then by users without MFA, root violations before ties', () => {
  expect(orderForPeople([clean, rootOnly, one, many, lost]).map((a) => a.accountName)).toEqual([
    'lost',
    'many',
    'one',
    'root-only',
    'clean',
  ]);
});

test('the human output: the account table, each account with findings in detail, then the verdict', () => {
  const report = organizationReport({
    organizationId: 'o-abc123',
    checkedAt: new Date(AT),
    accounts: [clean, many, lost],
  });

  const out = renderOrganizationHuman(report);

  expect(out).toMatch(/^444444444444\s+lost\s+NOT AUDITED\s+\?\s+\?\s+all$/m);
  expect(out).toMatch(/^222222222222\s+many\s+complete\s+2\s+yes\s+0$/m);
  expect(out).toContain('== lost (444444444444) ==');
  expect(out).toContain('== many (222222222222) ==');
  expect(out).not.toContain('== clean');
  expect(out.trimEnd().split('\n').pop()).toBe(
    'o-abc123: 3 account(s) (1 NOT audited): 2 console user(s) without MFA in the accounts audited; the others are unknown.',
  );
});

test('a complete organization says so without hedging; a failed listing claims nothing', () => {
  const complete = organizationReport({
    organizationId: 'o-abc123',
    checkedAt: new Date(AT),
    accounts: [clean, one],
  });
  const failed = organizationReport({
    organizationId: null,
    checkedAt: new Date(AT),
    accounts: [],
    errors: [{ userName: null, operation: 'ListAccounts', message: 'AccessDenied' }],
  });

  expect(organizationSummaryLine(complete)).toBe(
    'o-abc123: 2 account(s): 1 console user(s) without MFA, 1 root user(s) without MFA.',
  );
  expect(organizationSummaryLine(failed)).toBe(
    "FAILED: the organization's accounts could not be listed; nothing was audited.",
  );
});
