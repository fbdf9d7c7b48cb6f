import type { AuditReport } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { buildFailureMessages } from '../../lambda/alerts/failure-notice';
import { SELF_SERVICE_MFA_POLICY_URL } from '../../lambda/alerts/remediation';
import { bigReport, FAILED_REPORT, REPORT } from './fixtures';
import { bodiesOf } from './golden';

/**
 * A policy that denies IAM's MFA actions (the "Necessary Code" of one of our source documents) stops
 * users from enrolling a device: the opposite of the fix. Our guidance must never contain one.
 */
function deniesMfaActions(text: string): boolean {
  if (/iam:\*MFA\*/i.test(text)) return true;
  const deny = /\\*"Effect\\*"\s*:\s*\\*"Deny\\*"/g;
  for (let m = deny.exec(text); m !== null; m = deny.exec(text)) {
    const around = text.slice(Math.max(0, m.index - 400), m.index + 400);
    if (/iam:[A-Za-z*]*MFA/i.test(around)) return true;
  }
  return false;
}

function allOutputs(report: AuditReport): string[] {
  return buildAlertMessages(report, { accountAlias: 'prod' }).flatMap((m) => {
    const b = bodiesOf(m.message);
    return [m.subject, b.default, b.email, b.https, b.sqs];
  });
}

describe('remediation guidance', () => {
  test('the check itself recognises a deny-MFA policy', () => {
    expect(deniesMfaActions('{"Effect":"Deny","Action":"iam:*MFA*","Resource":"*"}')).toBe(true);
    expect(deniesMfaActions('{"Effect": "Deny", "Action": ["iam:EnableMFADevice"]}')).toBe(true);
    expect(deniesMfaActions(JSON.stringify({ body: '{"Effect":"Deny","Action":"iam:*MFA*"}' }))).toBe(true);
  });

  test.each<[string, AuditReport]>([
    ['a realistic report', REPORT],
    ['a split report', bigReport(300)],
  ])(
    'never advises a policy that denies MFA actions, and points to the self-service pattern (%s)',
    (_n, report) => {
      const outputs = allOutputs(report);
      for (const text of outputs) expect(deniesMfaActions(text)).toBe(false);
      const messages = buildAlertMessages(report);
      for (const m of messages) {
        const b = bodiesOf(m.message);
        for (const body of [b.email, b.default, b.https]) {
          expect(body).toContain('aws:MultiFactorAuthPresent');
          expect(body).toContain(SELF_SERVICE_MFA_POLICY_URL);
        }
      }
    },
  );

  test('the failure notice advises no policy at all', () => {
    const [msg] = buildFailureMessages(FAILED_REPORT, {});
    expect(deniesMfaActions(msg?.message ?? '')).toBe(false);
  });
});
