import type { AuditReport, Violation } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { REPORT } from './fixtures';
import { bodiesOf } from './golden';

function email(report: AuditReport): string {
  const [msg] = buildAlertMessages(report, { accountAlias: 'prod-main' });
  return bodiesOf(msg?.message ?? '').email;
}

function noteLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('   Note:'));
}

function withViolations(update: (v: Violation) => Violation): AuditReport {
  return { ...REPORT, violations: REPORT.violations.map(update) };
}

describe("the email's Note lines come from the violation's fields, not its reason sentence", () => {
  const ALICE = 'alice.ng@example.com';
  const withReset = withViolations((v) => (v.userName === ALICE ? { ...v, passwordResetRequired: true } : v));

  test('as rendered today: a reset and a rejected exemption', () => {
    expect(noteLines(email(withReset))).toEqual([
      '   Note:               password reset required at next sign-in',
      '   Note:               exemption tag rejected: exemption expired on 2026-04-30',
    ]);
  });

  test('rewording every reason sentence drops no Note line', () => {
    const reworded = withViolations((v) => ({ ...v, reason: 'Reworded: this user needs an MFA device.' }));
    const rewordedWithReset = {
      ...withReset,
      violations: withReset.violations.map((v) => ({ ...v, reason: 'Reworded.' })),
    };

    expect(noteLines(email(rewordedWithReset))).toEqual(noteLines(email(withReset)));
    expect(email(reworded)).toBe(email(REPORT));
  });

  test('a reason sentence that mentions a reset or a rejection adds no Note line the fields do not hold', () => {
    const misleading = withViolations((v) => ({
      ...v,
      reason: 'Console password enabled (reset required) and no MFA; exemption rejected: whatever',
      passwordResetRequired: false,
      exemption: undefined,
    }));

    expect(noteLines(email(misleading))).toEqual([]);
  });

  test('exemption tags that could not be read: the note names the failed call', () => {
    const unreadable = withViolations((v) =>
      v.userName === ALICE
        ? {
            ...v,
            exemption: {
              status: 'unreadable',
              error: {
                operation: 'ListUserTags',
                message: 'AccessDenied: no\n(needs iam:ListUserTags)',
                code: 'AccessDenied',
                permission: 'iam:ListUserTags',
              },
            },
          }
        : v,
    );

    expect(noteLines(email(unreadable))).toContain(
      '   Note:               exemption tag rejected: exemption tags could not be read, so no exemption ' +
        'applies (ListUserTags failed: AccessDenied: no (needs iam:ListUserTags))',
    );
  });
});
