import type { AuditReport } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { buildFailureMessages, rerunCommands } from '../../lambda/alerts/failure-notice';
import { FAILED_REPORT } from './fixtures';
import { bodiesOf } from './golden';

describe('the failure notice', () => {
  test('names what failed, the permission to grant, and that nobody was judged compliant', () => {
    const [msg] = buildFailureMessages(FAILED_REPORT, { functionName: 'prod-mfa-auditor' });
    const text = bodiesOf(msg?.message ?? '').email;
    expect(text).toContain('What failed:  ListUsers: AccessDenied');
    expect(text).toContain("the auditor's role needs iam:ListUsers");
    expect(text).toContain('No user has been judged, so none is known to be compliant');
    expect(text).toContain('aws lambda invoke --function-name prod-mfa-auditor ');
    expect(text).toContain('npm run audit');
  });

  test('a failure that is not a denial names no permission', () => {
    const throttled: AuditReport = {
      ...FAILED_REPORT,
      errors: [
        { userName: null, operation: 'GetCredentialReport', message: 'ThrottlingException: Rate exceeded' },
      ],
    };
    const [msg] = buildFailureMessages(throttled, {});
    const bodies = bodiesOf(msg?.message ?? '');
    expect(bodies.email).not.toContain('Permission:');
    expect(bodies.email).toContain('What failed:  GetCredentialReport: ThrottlingException: Rate exceeded');
    expect(bodies.email).not.toContain('aws lambda invoke');
  });

  test('machines get the failed report whole, and buildAlertMessages sends this notice for it', () => {
    const messages = buildAlertMessages(FAILED_REPORT, { accountAlias: 'prod' });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.subject).toBe('MFA audit FAILED for account 123456789012 (prod): no result');
    const machine = JSON.parse(bodiesOf(messages[0]?.message ?? '').sqs) as AuditReport & { part: unknown };
    expect(machine.status).toBe('failed');
    expect(machine.errors).toEqual(FAILED_REPORT.errors);
    expect(machine.notes).toEqual(FAILED_REPORT.notes);
    expect(machine.part).toEqual({ index: 1, total: 1 });
  });

  test("the permission is read from the error's field, never from its message", () => {
    const reworded: AuditReport = {
      ...FAILED_REPORT,
      errors: [
        {
          userName: null,
          operation: 'ListUsers',
          message: 'AccessDenied: reworded, with no hint in the sentence',
          code: 'AccessDenied',
          permission: 'iam:ListUsers',
        },
      ],
    };
    const hintOnly: AuditReport = {
      ...FAILED_REPORT,
      errors: [{ userName: null, operation: 'ListUsers', message: 'AccessDenied: x (needs iam:ListUsers)' }],
    };
    const text = (report: AuditReport): string =>
      bodiesOf(buildFailureMessages(report, {})[0]?.message ?? '').email;
    const card = (report: AuditReport): string =>
      bodiesOf(buildFailureMessages(report, {})[0]?.message ?? '').https;

    expect(text(reworded)).toContain(
      "Permission:   access was denied; the auditor's role needs iam:ListUsers.",
    );
    expect(card(reworded)).toContain('*Missing permission:* `iam:ListUsers`');
    expect(text(hintOnly)).not.toContain('Permission:');
    expect(card(hintOnly)).not.toContain('Missing permission');
  });

  test('the invoke command can be pasted as is', () => {
    expect(rerunCommands({ functionName: 'fn', region: 'eu-west-1' })[0]).toBe(
      "aws lambda invoke --function-name fn --region eu-west-1 --cli-binary-format raw-in-base64-out --cli-read-timeout 900 --payload '{}' response.json",
    );
  });
});
