import type { AuditMetrics, MetricDatum } from '../../lambda/core/audit-metrics';
import {
  accountAuditMetrics,
  organizationAccountBatches,
  organizationAuditMetrics,
  organizationBatches,
  singleAccountBatches,
  usersNotChecked,
} from '../../lambda/core/audit-metrics';
import type { AccountAuditReport, OrganizationReport } from '../../lambda/core/organization';
import { organizationReport, withAccount } from '../../lambda/core/organization';
import type { AuditError, AuditReport } from '../../lambda/core/types';
import {
  asRecheckOf,
  auditReport,
  failedReport,
  securityHubExport,
  violation,
} from '../../tools/builders/report';

const AT = '2026-05-20T06:00:00.000Z';
const RUN = { durationMs: 1234.4, throttles: 3 };
const byName = (metrics: readonly MetricDatum[]): Record<string, number> =>
  Object.fromEntries(metrics.map((m) => [m.name, m.value]));
const userError = (userName: string | null, operation = 'ListMFADevices'): AuditError => ({
  userName,
  operation,
  message: `${operation} failed`,
});
const rootWithoutMfa = (report: AuditReport): AuditReport => ({
  ...report,
  root: { ...report.root!, mfaEnabled: false, violation: true, severity: 'critical' },
  summary: { ...report.summary, rootViolation: true },
});

describe('accountAuditMetrics', () => {
  test('a complete audit: every count, the root user, and what it cost', () => {
    const report = auditReport(AT, [violation('alice'), violation('bob')], {
      summary: { exempted: 1, pending: 4 },
      apiCalls: { ListUsers: 1, GetLoginProfile: 10, ListMFADevices: 7 },
    });

    expect(accountAuditMetrics(report, RUN)).toEqual<AuditMetrics>({
      results: [
        { name: 'AuditFailed', unit: 'Count', value: 0 },
        { name: 'ConsoleUsersWithoutMfa', unit: 'Count', value: 2 },
        { name: 'UsersNotChecked', unit: 'Count', value: 0 },
        { name: 'UsersExempted', unit: 'Count', value: 1 },
        { name: 'UsersPending', unit: 'Count', value: 4 },
        { name: 'RootWithoutMfa', unit: 'Count', value: 0 },
      ],
      costs: [
        { name: 'AuditDuration', unit: 'Milliseconds', value: 1234 },
        { name: 'ApiCalls', unit: 'Count', value: 18 },
        { name: 'ApiThrottles', unit: 'Count', value: 3 },
      ],
    });
  });

  test('a root user without MFA is 1', () => {
    expect(byName(accountAuditMetrics(rootWithoutMfa(auditReport(AT, [])), RUN).results).RootWithoutMfa).toBe(
      1,
    );
  });

  test('an incomplete audit: what it found, and each user it could not check once', () => {
    const report = auditReport(AT, [violation('alice')], {
      errors: [
        userError('carol'),
        userError('carol', 'ListUserTags'),
        userError('dave'),
        userError(null, 'GetAccountSummary'),
      ],
      root: null,
    });

    const results = byName(accountAuditMetrics(report, RUN).results);

    expect(results).toEqual({
      AuditFailed: 0,
      ConsoleUsersWithoutMfa: 1,
      UsersNotChecked: 2,
      UsersExempted: 0,
      UsersPending: 0,
    });
    // The root check failed: no RootWithoutMfa at all, rather than a 0 that reads as "has MFA".
    expect('RootWithoutMfa' in results).toBe(false);
  });

  test('a failed audit sends AuditFailed and its costs, never a count that would read as compliant', () => {
    const metrics = accountAuditMetrics(failedReport(AT), RUN);

    expect(metrics.results).toEqual([{ name: 'AuditFailed', unit: 'Count', value: 1 }]);
    expect(byName(metrics.costs)).toEqual({ AuditDuration: 1234, ApiCalls: 1, ApiThrottles: 3 });
  });

  test('an audit that ended without a report (it threw) is a failed one', () => {
    const metrics = accountAuditMetrics(null, RUN);

    expect(metrics.results).toEqual([{ name: 'AuditFailed', unit: 'Count', value: 1 }]);
    expect(byName(metrics.costs)).toEqual({ AuditDuration: 1234, ApiThrottles: 3 });
  });

  test('a re-check of named users emits nothing: its counts are not the account’s', () => {
    const recheck = asRecheckOf(auditReport(AT, [violation('alice')]), 'alice');

    expect(accountAuditMetrics(recheck, RUN)).toEqual({ results: [], costs: [] });
  });

  test("usersNotChecked leaves out the root user's failed check (RootWithoutMfa is left out instead)", () => {
    const report = auditReport(AT, [], {
      errors: [userError('<root_account>', 'GetAccountSummary')],
      root: null,
    });
    expect(usersNotChecked(report)).toBe(0);
  });

  test('usersNotChecked counts distinct user names, not errors', () => {
    const report = auditReport(AT, [], {
      errors: [userError('a'), userError('a'), userError('b'), userError(null)],
    });
    expect(usersNotChecked(report)).toBe(2);
  });
});

describe('SecurityHubErrors', () => {
  const exported = securityHubExport;

  test('sent when the export ran: its errors, 0 included', () => {
    const ok = auditReport(AT, [violation('alice')], { securityHub: exported('exported', 0) });
    const partial = auditReport(AT, [violation('alice')], { securityHub: exported('partial', 2) });
    expect(byName(accountAuditMetrics(ok, RUN).results).SecurityHubErrors).toBe(0);
    expect(byName(accountAuditMetrics(partial, RUN).results).SecurityHubErrors).toBe(2);
  });

  test('not sent when the export is off or skipped: no 0 for what nobody tried', () => {
    const off = auditReport(AT, [violation('alice')]);
    const skipped = auditReport(AT, [violation('alice')], { securityHub: exported('skipped', 0) });
    expect(byName(accountAuditMetrics(off, RUN).results)).not.toHaveProperty('SecurityHubErrors');
    expect(byName(accountAuditMetrics(skipped, RUN).results)).not.toHaveProperty('SecurityHubErrors');
  });

  test('organization: summed over the accounts that exported', () => {
    const a = withAccount(
      auditReport(AT, [], { accountId: '111111111111', securityHub: exported('partial', 1) }),
      {
        id: '111111111111',
        status: 'ACTIVE',
      },
    );
    const b = withAccount(
      auditReport(AT, [], { accountId: '222222222222', securityHub: exported('partial', 3) }),
      {
        id: '222222222222',
        status: 'ACTIVE',
      },
    );
    const org = organizationReport({ organizationId: 'o-1', checkedAt: new Date(AT), accounts: [a, b] });
    expect(byName(organizationAuditMetrics(org, { durationMs: 1 }).results).SecurityHubErrors).toBe(4);
  });
});

describe('organizationAuditMetrics', () => {
  const account = (id: string, report: AuditReport): AccountAuditReport =>
    withAccount({ ...report, accountId: id }, { id, status: 'ACTIVE' });
  const org = (accounts: AccountAuditReport[]): OrganizationReport =>
    organizationReport({ organizationId: 'o-abc123', checkedAt: new Date(AT), accounts });

  test('totals over the audited accounts; failed accounts are counted as not audited', () => {
    const report = org([
      account(
        '111111111111',
        auditReport(AT, [violation('a'), violation('b')], { summary: { exempted: 2 } }),
      ),
      account(
        '222222222222',
        rootWithoutMfa(auditReport(AT, [violation('c')], { errors: [userError('d')] })),
      ),
      account('333333333333', failedReport(AT)),
    ]);

    const metrics = organizationAuditMetrics(report, { durationMs: 60_000 });

    expect(byName(metrics.results)).toEqual({
      AuditFailed: 0,
      AccountsNotAudited: 1,
      ConsoleUsersWithoutMfa: 3,
      UsersNotChecked: 1,
      UsersExempted: 2,
      UsersPending: 0,
      RootWithoutMfa: 1,
    });
    expect(byName(metrics.costs)).toEqual({ AuditDuration: 60_000, ApiCalls: 11 + 11 + 1 });
  });

  test('no account audited: no counts (0 would read as compliant), only the accounts not audited', () => {
    const metrics = organizationAuditMetrics(org([account('111111111111', failedReport(AT))]), {
      durationMs: 5,
    });

    expect(byName(metrics.results)).toEqual({ AuditFailed: 0, AccountsNotAudited: 1 });
  });

  test('a failed organization run (not listed) sends AuditFailed only', () => {
    const failed = organizationReport({
      organizationId: null,
      checkedAt: new Date(AT),
      accounts: [],
      errors: [{ userName: null, operation: 'ListAccountsForParent', message: 'denied' }],
    });

    expect(organizationAuditMetrics(failed, { durationMs: 5 }).results).toEqual([
      { name: 'AuditFailed', unit: 'Count', value: 1 },
    ]);
    expect(organizationAuditMetrics(null, { durationMs: 5 }).results).toEqual([
      { name: 'AuditFailed', unit: 'Count', value: 1 },
    ]);
  });
});

describe('dimension sets', () => {
  const metrics: AuditMetrics = {
    results: [{ name: 'ConsoleUsersWithoutMfa', unit: 'Count', value: 2 }],
    costs: [{ name: 'AuditDuration', unit: 'Milliseconds', value: 9 }],
  };

  test('single account: everything per account and per deployment', () => {
    expect(singleAccountBatches(metrics, { accountId: '111111111111', deployment: 'Stack/Auditor' })).toEqual(
      [
        {
          dimensionSets: [{ AccountId: '111111111111' }, { Deployment: 'Stack/Auditor' }],
          metrics: [...metrics.results, ...metrics.costs],
        },
      ],
    );
  });

  test('single account without a deployment (organization mode, on demand): per account only', () => {
    expect(singleAccountBatches(metrics, { accountId: '111111111111' })).toEqual([
      { dimensionSets: [{ AccountId: '111111111111' }], metrics: [...metrics.results, ...metrics.costs] },
    ]);
    expect(singleAccountBatches(metrics, { accountId: null })).toEqual([]);
  });

  test('organization account: results per account (the aggregation totals them), costs per deployment too', () => {
    expect(organizationAccountBatches(metrics, { accountId: '222222222222', deployment: 'D' })).toEqual([
      { dimensionSets: [{ AccountId: '222222222222' }], metrics: metrics.results },
      { dimensionSets: [{ AccountId: '222222222222' }, { Deployment: 'D' }], metrics: metrics.costs },
    ]);
  });

  test('organization: results per organization and deployment, the run’s costs per organization', () => {
    expect(organizationBatches(metrics, { organizationId: 'o-abc123', deployment: 'D' })).toEqual([
      { dimensionSets: [{ OrganizationId: 'o-abc123' }, { Deployment: 'D' }], metrics: metrics.results },
      { dimensionSets: [{ OrganizationId: 'o-abc123' }], metrics: metrics.costs },
    ]);
    // Not listed, so no organization id: the deployment still hears that the run failed.
    expect(organizationBatches(metrics, { organizationId: null, deployment: 'D' })).toEqual([
      { dimensionSets: [{ Deployment: 'D' }], metrics: metrics.results },
    ]);
  });
});
