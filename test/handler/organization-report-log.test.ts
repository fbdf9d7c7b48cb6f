import { organizationReport, withAccount } from '../../lambda/core/organization';
import { logOrganizationReport } from '../../lambda/handler/organization-report-log';
import { VIOLATIONS_PER_LOG_EVENT } from '../../lambda/handler/report-log';
import { auditReport, violation } from '../../tools/builders/report';

const CHECKED_AT = '2026-12-03T01:00:00.000Z';

function orgWith(accounts: number): ReturnType<typeof organizationReport> {
  return organizationReport({
    organizationId: 'o-abc123',
    checkedAt: new Date(CHECKED_AT),
    accounts: Array.from({ length: accounts }, (_, i) => {
      const id = String(100000000000 + i);
      return withAccount(
        { ...auditReport(CHECKED_AT, [violation(`user-${i}`)]), accountId: id },
        {
          id,
          status: 'ACTIVE',
          name: `acct-${i}`,
        },
      );
    }),
    notes: ['a note'],
  });
}

describe('logOrganizationReport', () => {
  test('a header without the accounts, the account list in chunks, then every account as the single-account log has it', () => {
    const logged: { message: string; extra: Record<string, unknown> }[] = [];
    const report = orgWith(VIOLATIONS_PER_LOG_EVENT + 1);

    logOrganizationReport({ info: (message, extra) => logged.push({ message, extra }) }, report);

    const [header, ...rest] = logged;
    expect(header).toEqual({
      message: 'organization report',
      extra: { report: { ...report, accounts: [] }, chunks: 2 },
    });
    const lists = rest.filter((l) => l.message === 'organization report accounts');
    expect(lists.map((l) => [l.extra.chunk, l.extra.of, (l.extra.accounts as unknown[]).length])).toEqual([
      [1, 2, VIOLATIONS_PER_LOG_EVENT],
      [2, 2, 1],
    ]);
    expect((lists[0]?.extra.accounts as unknown[])[0]).toEqual({
      accountId: '100000000000',
      accountName: 'acct-0',
      status: 'complete',
      violations: 1,
      rootViolation: false,
    });
    // Each account: its header, then its one violation chunk.
    const perAccount = rest.filter((l) => l.message.startsWith('audit report'));
    expect(perAccount).toHaveLength(2 * report.accounts.length);
    expect(perAccount[1]).toEqual({
      message: 'audit report violations',
      extra: { chunk: 1, of: 1, violations: [violation('user-0')] },
    });
  });
});
