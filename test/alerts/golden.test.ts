import { encodeAlertState } from '../../lambda/core/alert-state';
import { detectChanges } from '../../lambda/core/changes';
import type { AuditReport } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { buildFailureMessages } from '../../lambda/alerts/failure-notice';
import { bodiesOf, expectGolden } from './golden';
import { ACCOUNT, FAILED_REPORT, REPORT } from './fixtures';

/** The state a run a week earlier left: alice and deploy-bot open, bob since fixed, svc-reporting open. */
const PREVIOUS = encodeAlertState(
  [
    {
      arn: `arn:aws:iam::${ACCOUNT}:user/engineering/alice.ng@example.com`,
      userName: 'alice.ng@example.com',
      firstSeen: '2026-05-13T06:00:05.000Z',
    },
    {
      arn: `arn:aws:iam::${ACCOUNT}:user/deploy-bot`,
      userName: 'deploy-bot',
      firstSeen: '2026-05-13T06:00:05.000Z',
    },
    {
      arn: `arn:aws:iam::${ACCOUNT}:user/bob.lee`,
      userName: 'bob.lee',
      firstSeen: '2026-05-06T06:00:02.000Z',
    },
    {
      arn: `arn:aws:iam::${ACCOUNT}:user/svc-reporting`,
      userName: 'svc-reporting',
      firstSeen: '2026-05-13T06:00:05.000Z',
    },
  ],
  '2026-05-19T06:00:03.000Z',
  false,
);

function only(report: AuditReport, ctx: Parameters<typeof buildAlertMessages>[1]) {
  const messages = buildAlertMessages(report, ctx);
  expect(messages).toHaveLength(1);
  const [msg] = messages;
  if (!msg) throw new Error('no message');
  return { msg, bodies: bodiesOf(msg.message) };
}

describe('golden alerts for a realistic report', () => {
  test('email text (notify: always)', () => {
    const { msg, bodies } = only(REPORT, { accountAlias: 'prod-main' });
    expect(msg.subject).toBe(
      'MFA audit: 3 console users without MFA in 123456789012 (prod-main) (+1 unchecked)',
    );
    expect(bodies.default).toBe(bodies.email);
    expectGolden('email.txt', `Subject: ${msg.subject}\n\n${bodies.email}`);
  });

  test('Chatbot card (notify: always)', () => {
    const { bodies } = only(REPORT, { accountAlias: 'prod-main' });
    expectGolden('chatbot.json', `${JSON.stringify(JSON.parse(bodies.https), null, 2)}\n`);
  });

  test('email text (notify: changes): new users marked, resolved listed', () => {
    const { changes } = detectChanges(PREVIOUS, REPORT);
    const { msg, bodies } = only(REPORT, { accountAlias: 'prod-main', changes });
    expect(msg.subject).toBe(
      'MFA audit: 3 console users without MFA (1 new) in 123456789012 (prod-main) (+1 unchecked)',
    );
    expectGolden('email-changes.txt', `Subject: ${msg.subject}\n\n${bodies.email}`);
  });

  test('a re-check of one named user (notify: changes): about that user and the open count only', () => {
    const recheck: AuditReport = {
      ...REPORT,
      reportGeneratedAt: null,
      reportAgeSeconds: null,
      strategy: 'live',
      status: 'complete',
      scope: { kind: 'users', userNames: ['deploy-bot'], notFound: [], withMfa: ['deploy-bot'] },
      summary: {
        ...REPORT.summary,
        usersScanned: 1,
        candidates: 1,
        violations: 0,
        exempted: 0,
        pending: 0,
        errors: 0,
      },
      violations: [],
      exempted: [],
      pending: [],
      errors: [],
      root: null,
      notes: [],
      apiCalls: { ListUsers: 1, ListMFADevices: 1 },
    };
    const previous = { ...PREVIOUS, rootViolation: true };
    const { changes } = detectChanges(previous, recheck);
    const { msg, bodies } = only(recheck, { accountAlias: 'prod-main', changes });
    expect(msg.subject).toBe(
      'MFA audit: deploy-bot now has MFA (resolved) in 123456789012; 4 still open: 3 users + root',
    );
    expectGolden('recheck-email.txt', `Subject: ${msg.subject}\n\n${bodies.email}`);
    expectGolden('recheck-chatbot.json', `${JSON.stringify(JSON.parse(bodies.https), null, 2)}\n`);
  });

  test('failure notice email and card', () => {
    const [msg] = buildFailureMessages(FAILED_REPORT, {
      accountAlias: 'prod-main',
      functionName: 'prod-mfa-auditor',
      region: 'us-east-1',
    });
    if (!msg) throw new Error('no message');
    const bodies = bodiesOf(msg.message);
    expectGolden('failure-email.txt', `Subject: ${msg.subject}\n\n${bodies.email}`);
    expectGolden('failure-chatbot.json', `${JSON.stringify(JSON.parse(bodies.https), null, 2)}\n`);
  });
});
