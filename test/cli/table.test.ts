import { renderHuman, renderTable, summaryLine } from '../../lambda/cli/table';
import type { AuditReport } from '../../lambda/core/types';
import { auditReport } from '../../tools/builders/report';

const BASE: AuditReport = auditReport('2026-11-22T12:00:00.000Z', [], {
  root: null,
  apiCalls: {},
  summary: { usersScanned: 3, candidates: 3 },
});

describe('renderTable', () => {
  test('pads every column to its widest cell, with a rule under the header', () => {
    expect(
      renderTable(
        ['USER', 'SEVERITY'],
        [
          ['alice', 'critical'],
          ['bo', 'high'],
        ],
      ),
    ).toBe(['USER   SEVERITY', '-----  --------', 'alice  critical', 'bo     high'].join('\n'));
  });

  test('no rows => header and rule only', () => {
    expect(renderTable(['A', 'BB'], [])).toBe('A  BB\n-  --');
  });
});

describe('renderHuman', () => {
  test('a clean account is one summary line', () => {
    expect(renderHuman(BASE)).toBe(
      '123456789012: no console user without MFA among 3 users (3 checked live, strategy live; ' +
        'no credential report used, every user checked live).',
    );
  });

  test('a failed audit lists the whole-audit error and says FAILED', () => {
    const failed: AuditReport = {
      ...BASE,
      status: 'failed',
      errors: [{ userName: null, operation: 'ListUsers', message: 'AccessDenied: no (needs iam:ListUsers)' }],
      summary: { ...BASE.summary, errors: 1 },
    };

    const text = renderHuman(failed);

    expect(text).toMatch(/^\(whole audit\)\s+ListUsers\s+AccessDenied: no \(needs iam:ListUsers\)$/m);
    expect(text).toMatch(/FAILED: the audit of 123456789012 could not be completed\.$/);
  });

  test('a user that could not be checked is listed and counted as NOT checked', () => {
    const incomplete: AuditReport = {
      ...BASE,
      status: 'incomplete',
      errors: [{ userName: 'carol', operation: 'ListMFADevices', message: 'Throttling: Rate exceeded' }],
      summary: { ...BASE.summary, errors: 1 },
    };

    const text = renderHuman(incomplete);

    expect(text).toContain('Could not be checked (not counted as compliant):');
    expect(text).toMatch(/^carol\s+ListMFADevices\s+Throttling: Rate exceeded$/m);
    expect(summaryLine(incomplete)).toContain('1 could NOT be checked');
  });

  test('a re-check of named users speaks of those users only, and of the ones not found', () => {
    const line = summaryLine({
      ...BASE,
      scope: { kind: 'users', userNames: ['alice', 'v-000O'], notFound: ['v-000O'], withMfa: ['alice'] },
      summary: { ...BASE.summary, usersScanned: 1, candidates: 1 },
    });

    expect(line).toContain('no console user without MFA among the 2 named user(s) only, 1 of them NOT FOUND');
    expect(line).not.toMatch(/among \d+ users/);
  });

  test('the root user without MFA is called out', () => {
    const text = renderHuman({
      ...BASE,
      root: {
        arn: null,
        mfaEnabled: false,
        passwordLastUsed: null,
        violation: true,
        severity: 'critical',
        reason: 'The root user has no MFA device',
      },
      summary: { ...BASE.summary, rootViolation: true },
    });

    expect(text).toContain('ROOT USER: The root user has no MFA device (severity critical).');
    expect(text).toContain('ROOT USER WITHOUT MFA');
  });

  test('notes are printed', () => {
    expect(
      renderHuman({ ...BASE, notes: ['Requested user "ghost" does not exist; nothing to check.'] }),
    ).toContain('Note: Requested user "ghost" does not exist; nothing to check.');
  });
});
