import { buildOrganizationAlertMessages } from '../../../lambda/alerts/organization/org-messages';
import { MAX_SUBJECT_LENGTH } from '../../../lambda/alerts/subject';
import { chatbotCardProblems } from '../chatbot-card-schema';
import { orgReport } from './fixtures';
import { only } from './support';

const LISTING_DENIED = {
  userName: null,
  operation: 'ListAccountsForParent',
  message: 'AccessDeniedException: not authorized (needs organizations:ListAccountsForParent)',
  code: 'AccessDeniedException',
  permission: 'organizations:ListAccountsForParent',
};

describe('an organization run whose accounts could not be listed', () => {
  const report = orgReport([], { errors: [LISTING_DENIED] });
  const stateMachineArn = 'arn:aws:states:us-east-1:999999999999:stateMachine:mfa-auditor-org';
  const part = only(buildOrganizationAlertMessages(report, { stateMachineArn }));

  test('is failed, and its notice says nothing was audited', () => {
    expect(report.status).toBe('failed');
    expect(part.email).toContain('FAILED at 2026-05-20 06:00 UTC: its accounts');
    expect(part.email).toContain(
      'could not be listed, so NOTHING WAS AUDITED. No account and no user has been judged',
    );
    expect(part.email).not.toMatch(/have MFA|has MFA|all clear/i);
    expect(part.subject).toBe('MFA audit FAILED for organization o-a1b2c3d4e5: no account audited');
    expect(part.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  test('names what failed, the permission to grant, and how to run it again', () => {
    expect(part.email).toContain('What failed:  ListAccountsForParent: AccessDeniedException');
    expect(part.email).toContain("the auditor's role needs organizations:ListAccountsForParent");
    expect(part.email).toContain(`aws stepfunctions start-execution --state-machine-arn ${stateMachineArn}`);
    expect(part.email).toContain('npm run audit -- --org');
  });

  test('the card and the machine body say the same', () => {
    expect(chatbotCardProblems(part.card)).toEqual([]);
    expect(part.card.content.title).toBe(
      ':x: MFA audit FAILED for organization o-a1b2c3d4e5: nothing audited',
    );
    expect(part.card.content.description).toContain(
      '*Missing permission:* `organizations:ListAccountsForParent`',
    );
    expect(part.machine.status).toBe('failed');
    expect(part.machine.errors).toEqual([LISTING_DENIED]);
    expect(part.machine.accounts).toEqual([]);
  });

  test('without a state machine the CLI is the re-run', () => {
    const cli = only(buildOrganizationAlertMessages(report, {}));
    expect(cli.email).toContain(
      'from a checkout with credentials for the management or delegated administrator account: npm run audit -- --org',
    );
    expect(cli.email).not.toContain('stepfunctions');
  });
});
