import { EXIT_INCOMPLETE, EXIT_OK, EXIT_VIOLATIONS, exitCodeFor } from '../../lambda/cli/exit-code';
import type { AuditReport, AuditStatus } from '../../lambda/core/types';
import { auditReport, securityHubExport, violation } from '../../tools/builders/report';

function report(status: AuditStatus, violations: number, rootViolation = false): AuditReport {
  const listed = Array.from({ length: violations }, (_, i) => violation(`user${i}`));
  return auditReport('2026-11-22T12:00:00.000Z', listed, { status, root: null, summary: { rootViolation } });
}

const exportWith = (errors: number) => securityHubExport(errors ? 'partial' : 'exported', errors);

describe('exitCodeFor', () => {
  test('the codes are 0, 1 and 2', () => {
    expect([EXIT_OK, EXIT_INCOMPLETE, EXIT_VIOLATIONS]).toEqual([0, 1, 2]);
  });

  test.each<[string, AuditReport, number]>([
    ['complete, no violations', report('complete', 0), 0],
    ['complete, violations', report('complete', 3), 2],
    ['complete, only the root user without MFA', report('complete', 0, true), 2],
    ['incomplete, no violations', report('incomplete', 0), 1],
    ['incomplete, violations (the list is not complete)', report('incomplete', 3), 1],
    ['failed', report('failed', 0), 1],
    [
      'complete, but a named user does not exist',
      {
        ...report('complete', 0),
        scope: { kind: 'users', userNames: ['v-000O'], notFound: ['v-000O'], withMfa: [] },
      },
      1,
    ],
    [
      'complete, every named user found',
      {
        ...report('complete', 0),
        scope: { kind: 'users', userNames: ['bob'], notFound: [], withMfa: ['bob'] },
      },
      0,
    ],
    [
      'complete with violations, but a finding did not reach Security Hub',
      { ...report('complete', 3), securityHub: exportWith(1) },
      1,
    ],
    [
      'complete with violations, all in Security Hub',
      { ...report('complete', 3), securityHub: exportWith(0) },
      2,
    ],
  ])('%s => %i', (_what, r, code) => {
    expect(exitCodeFor(r)).toBe(code);
  });
});
