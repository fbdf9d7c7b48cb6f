import type { Changes } from '../../lambda/core/changes';
import type { AuditReport } from '../../lambda/core/types';
import { alertSubject } from '../../lambda/alerts/subject';
import { securityHubExport } from '../../tools/builders/report';
import { FAILED_REPORT, REPORT } from './fixtures';

const complete: AuditReport = { ...REPORT, status: 'complete', summary: { ...REPORT.summary, errors: 0 } };
const HUB_FAILED = securityHubExport('failed', 1);
const clean: AuditReport = { ...complete, summary: { ...complete.summary, violations: 0 }, violations: [] };

describe('alert subjects', () => {
  test.each<[string, AuditReport, Parameters<typeof alertSubject>[1], string]>([
    [
      'violations',
      complete,
      { accountAlias: 'prod-main' },
      'MFA audit: 3 console users without MFA in 123456789012 (prod-main)',
    ],
    [
      'one violation',
      { ...complete, summary: { ...complete.summary, violations: 1 } },
      {},
      'MFA audit: 1 console user without MFA in 123456789012',
    ],
    ['incomplete', REPORT, {}, 'MFA audit: 3 console users without MFA in 123456789012 (+1 unchecked)'],
    [
      'only the root user lacks MFA: never "all console users have MFA"',
      { ...clean, summary: { ...clean.summary, rootViolation: true } },
      {},
      'MFA audit: ROOT USER without MFA in 123456789012',
    ],
    [
      'users and the root user',
      { ...complete, summary: { ...complete.summary, rootViolation: true } },
      {},
      'MFA audit: 3 console users + ROOT without MFA in 123456789012',
    ],
    [
      'findings that did not reach Security Hub are said in the subject',
      { ...REPORT, securityHub: { ...HUB_FAILED } },
      {},
      'MFA audit: 3 console users without MFA in 123456789012 (+1 unchecked); Security Hub NOT updated',
    ],
    [
      'all clear, but Security Hub was not updated',
      { ...clean, securityHub: { ...HUB_FAILED } },
      {},
      'MFA audit: all console users in 123456789012 have MFA; Security Hub NOT updated',
    ],
    [
      'all clear',
      clean,
      { accountAlias: 'prod' },
      'MFA audit: all console users in 123456789012 (prod) have MFA',
    ],
    [
      'failed',
      FAILED_REPORT,
      { accountAlias: 'prod' },
      'MFA audit FAILED for account 123456789012 (prod): no result',
    ],
    [
      'split',
      complete,
      { accountAlias: 'prod', part: { index: 2, total: 7 } },
      'MFA audit: 3 console users without MFA in 123456789012 (prod) [part 2/7]',
    ],
    [
      'one part is no part',
      complete,
      { part: { index: 1, total: 1 } },
      'MFA audit: 3 console users without MFA in 123456789012',
    ],
    [
      'changes',
      complete,
      { changes: { newViolations: [REPORT.violations[0]] } as unknown as Changes },
      'MFA audit: 3 console users without MFA (1 new) in 123456789012',
    ],
  ])('%s', (_name, report, options, expected) => {
    expect(alertSubject(report, options)).toBe(expected);
  });

  test('too long: the alias gives way, the part label never does; always ASCII and under 100', () => {
    const big: AuditReport = {
      ...REPORT,
      summary: { ...REPORT.summary, violations: 50000, errors: 50000 },
    };
    const changes = { newViolations: new Array(50000).fill(REPORT.violations[0]) } as unknown as Changes;
    for (const alias of ['a'.repeat(63), 'prod-main', 'prödüction-ünicode', '']) {
      const subject = alertSubject(big, { accountAlias: alias, part: { index: 123, total: 456 }, changes });
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^[\x20-\x7e]+ \[part 123\/456\]$/);
    }
    expect(alertSubject(complete, { accountAlias: 'a'.repeat(63) })).toBe(
      'MFA audit: 3 console users without MFA in 123456789012 (aaaaaaaaa...)',
    );
  });
});
