import { emptyAlertState, encodeAlertState } from '../../../lambda/core/alert-state';
import { detectChanges } from '../../../lambda/core/changes';
import type { OrganizationChanges } from '../../../lambda/alerts/organization/org-context';
import { buildOrganizationAlertMessages } from '../../../lambda/alerts/organization/org-messages';
import { expectGolden } from '../golden';
import { orgReport, realisticOrg, ROLE, violationIn } from './fixtures';
import { only } from './support';

const WEEK_AGO = '2026-05-13T06:00:05.000Z';

/** The states a run a day earlier left, per account. */
function previousStates() {
  const open = (account: string, ...users: string[]) =>
    users.map((u) => ({ arn: violationIn(account, u).arn, userName: u, firstSeen: WEEK_AGO }));
  return new Map([
    // prod-main: alice and deploy-bot open, bob.old since fixed; the root user had MFA.
    [
      '111111111111',
      encodeAlertState(
        open('111111111111', 'alice.ng@example.com', 'deploy-bot', 'bob.old'),
        WEEK_AGO,
        false,
      ),
    ],
    ['222222222222', encodeAlertState(open('222222222222', 'carol'), WEEK_AGO, false)],
    ['333333333333', encodeAlertState(open('333333333333', 'legacy-admin'), WEEK_AGO, false)],
    ['444444444444', encodeAlertState([], WEEK_AGO, false)],
    ['555555555555', encodeAlertState([], WEEK_AGO, true)],
  ]);
}

function render(name: string, messages: ReturnType<typeof buildOrganizationAlertMessages>): void {
  const part = only(messages);
  expectGolden(`organization/${name}-email.txt`, `Subject: ${part.subject}\n\n${part.email}`);
  expectGolden(`organization/${name}-chatbot.json`, `${JSON.stringify(part.card, null, 2)}\n`);
}

describe('golden organization alerts', () => {
  test('notify always: every account in full', () => {
    render('org', buildOrganizationAlertMessages(realisticOrg(), { memberRoleName: ROLE }));
  });

  test('notify changes: only what changed, per account', () => {
    const report = realisticOrg();
    const states = previousStates();
    const accounts = new Map(
      report.accounts.map((a) => [
        a.accountId,
        {
          changes: detectChanges(states.get(a.accountId) ?? emptyAlertState(), a, {
            now: new Date(report.checkedAt),
          }).changes,
          listing: 'changes' as const,
        },
      ]),
    );
    const changes: OrganizationChanges = { digest: false, accounts };
    render('org-changes', buildOrganizationAlertMessages(report, { memberRoleName: ROLE, changes }));
  });

  test('failure notice: the accounts could not be listed', () => {
    const failed = orgReport([], {
      errors: [
        {
          userName: null,
          operation: 'ListAccountsForParent',
          message:
            "AccessDeniedException: You don't have permissions to access this resource. (needs organizations:ListAccountsForParent)",
          code: 'AccessDeniedException',
          permission: 'organizations:ListAccountsForParent',
        },
      ],
    });
    render(
      'org-failure',
      buildOrganizationAlertMessages(failed, {
        stateMachineArn: 'arn:aws:states:us-east-1:999999999999:stateMachine:mfa-auditor-organization',
      }),
    );
  });
});
