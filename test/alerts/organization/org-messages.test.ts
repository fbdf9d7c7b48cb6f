import { buildOrganizationAlertMessages } from '../../../lambda/alerts/organization/org-messages';
import { MAX_SUBJECT_LENGTH } from '../../../lambda/alerts/subject';
import { chatbotCardProblems } from '../chatbot-card-schema';
import {
  accountReport,
  notAssumable,
  orgReport,
  realisticOrg,
  ROLE,
  unchecked,
  violationIn,
} from './fixtures';
import { emailArns, headingAccounts, machineArns, only } from './support';
import { notAuditedReport } from '../../../lambda/core/organization';

const CTX = { memberRoleName: ROLE };

describe('buildOrganizationAlertMessages: one alert for the organization', () => {
  const part = only(buildOrganizationAlertMessages(realisticOrg(), CTX));

  test('leads with the accounts not audited, then root users, then accounts by users without MFA', () => {
    const at = (text: string): number => part.email.indexOf(text);
    expect(at('ACCOUNTS NOT AUDITED (1;')).toBeGreaterThan(0);
    expect(at('ACCOUNTS NOT AUDITED')).toBeLessThan(at('ROOT USERS WITHOUT MFA (2;'));
    expect(at('ROOT USERS WITHOUT MFA')).toBeLessThan(at('BY ACCOUNT'));
    expect(at('BY ACCOUNT')).toBeLessThan(at('NOTES'));
    // prod-main has 3 users without MFA, payments 1; clear accounts get no block.
    expect(headingAccounts(part.email)).toEqual(['111111111111', '222222222222']);
  });

  test('names the account not audited, why, and the role and permission it needs', () => {
    expect(part.email).toContain(
      '- sandbox (333333333333): role MfaAuditorReadRole could not be assumed (needs sts:AssumeRole / trust)',
    );
    expect(part.email).toContain(
      'What failed: AssumeRole: arn:aws:iam::333333333333:role/MfaAuditorReadRole',
    );
    expect(part.email).not.toMatch(/sandbox[^\n]*has MFA/);
  });

  test('each user without MFA appears once, under its account, with the per-user fix', () => {
    expect(emailArns(part.email)).toEqual([
      'arn:aws:iam::111111111111:user/alice.ng@example.com',
      'arn:aws:iam::111111111111:user/deploy-bot',
      'arn:aws:iam::111111111111:user/j.smith',
      'arn:aws:iam::222222222222:user/carol',
    ]);
    const prod = part.email.slice(part.email.indexOf('=== prod-main'), part.email.indexOf('=== payments'));
    expect(prod).toContain(
      'aws iam enable-mfa-device --user-name deploy-bot --serial-number arn:aws:iam::111111111111:mfa/deploy-bot',
    );
    expect(prod).toContain('aws iam delete-login-profile --user-name deploy-bot');
    expect(part.email).toContain("Run each user's commands with credentials for that user's account");
  });

  test('an incomplete account shows the users it could not check', () => {
    const payments = part.email.slice(part.email.indexOf('=== payments'));
    expect(payments).toContain(
      '=== payments (222222222222): 1 user without MFA, 1 user not checked (audit incomplete) ===',
    );
    expect(payments).toContain('Could not be checked (not counted as compliant; checked again next run):');
    expect(payments).toContain('- dave: ListMFADevices: ThrottlingException: Rate exceeded');
  });

  test('root users without MFA are listed by account', () => {
    expect(part.email).toContain('- prod-main (111111111111): root user has no MFA');
    expect(part.email).toContain('- data-lake (555555555555): root user has no MFA');
  });

  test('counts say what was checked, and only complete clear accounts count as clear', () => {
    expect(part.email).toContain(
      'Accounts:     5 (3 audited completely, 1 incomplete, 1 NOT audited); 1 audited completely with no finding',
    );
    expect(part.email).toContain(
      'Not known to be compliant: 1 account was not audited and 1 user could not be checked.',
    );
  });

  test('subject names the organization and the counts, under 100 characters', () => {
    expect(part.subject).toBe(
      'MFA audit o-a1b2c3d4e5: 4 users + 2 ROOT without MFA in 2/5 accounts; 1 NOT audited, 1 unchecked',
    );
    expect(part.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  test('the card is a valid Chatbot custom notification listing the same accounts', () => {
    expect(chatbotCardProblems(part.card)).toEqual([]);
    expect(part.card.content.title).toBe(
      ':rotating_light: 4 console users + 2 ROOT without MFA in o-a1b2c3d4e5; 1 account NOT audited',
    );
    expect(part.card.content.description).toContain(
      '- sandbox `333333333333`: role MfaAuditorReadRole could not be assumed (needs sts:AssumeRole / trust)',
    );
  });

  test('the machine body is the OrganizationReport with the listed accounts and part 1/1', () => {
    const m = part.machine;
    expect(m.kind).toBe('organization');
    expect(m.summary).toEqual(realisticOrg().summary);
    expect(m.part).toEqual({ index: 1, total: 1 });
    expect(m.accounts.map((a) => [a.accountId, a.accountName, a.status])).toEqual([
      ['333333333333', 'sandbox', 'failed'],
      ['111111111111', 'prod-main', 'complete'],
      ['555555555555', 'data-lake', 'complete'],
      ['222222222222', 'payments', 'incomplete'],
    ]);
    expect(m.accounts.find((a) => a.accountId === '333333333333')?.errors[0]?.permission).toBe(
      'sts:AssumeRole',
    );
    expect(machineArns(m)).toHaveLength(4);
    expect(m.notes).toEqual(realisticOrg().notes);
    expect(m.digest).toBeUndefined();
  });
});

describe('the alert claims only what was checked', () => {
  test('all clear only when every account was audited completely with nothing open', () => {
    const report = orgReport([accountReport('111111111111', { name: 'a' }), accountReport('222222222222')]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.subject).toBe(
      'MFA audit: all console users and root users in 2 accounts of o-a1b2c3d4e5 have MFA',
    );
    expect(part.email.split('\n')[0]).toBe(
      'Every IAM user that can sign in to the AWS console has MFA in all 2 accounts of organization ' +
        'o-a1b2c3d4e5, and so does every root user: every account was audited completely.',
    );
    expect(part.card.content.title).toMatch(/^:white_check_mark: /);
  });

  test('a failed account and no violations elsewhere is not all clear', () => {
    const report = orgReport([accountReport('111111111111'), notAssumable('222222222222', 'dev')]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.email.split('\n')[0]).toBe(
      'No user without MFA was found in organization o-a1b2c3d4e5, but 1 account was not audited: ' +
        'they are not known to be compliant.',
    );
    expect(part.subject).not.toMatch(/all|have MFA/);
    expect(part.subject).toContain('1 account NOT audited');
    expect(part.card.content.title).toMatch(
      /^:warning: MFA audit of o-a1b2c3d4e5 incomplete: 1 account not audited$/,
    );
    expect(part.email).not.toContain('has MFA in all');
    expect(part.email).toContain('1 audited completely with no finding');
  });

  test('an incomplete account with no violation is not all clear either', () => {
    const report = orgReport([accountReport('111111111111', { errors: [unchecked('erin')] })]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.email.split('\n')[0]).toContain(
      '1 user could not be checked: they are not known to be compliant',
    );
    expect(part.email).toContain('- erin: ListMFADevices');
    expect(part.email).toContain('0 audited completely with no finding');
  });

  test('a root check that failed is said as such, not counted as a user who could not be checked', () => {
    const report = orgReport([
      accountReport('111111111111', {
        name: 'prod',
        users: ['alice'],
        errors: [
          {
            userName: null,
            operation: 'GetAccountSummary',
            message: 'AccessDenied (needs iam:GetAccountSummary)',
          },
        ],
        overrides: { root: null },
      }),
    ]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.email.split('\n')[0]).toContain(
      "Not known to be compliant: the root user's MFA could not be checked in 1 account.",
    );
    expect(part.email.split('\n')[0]).not.toContain('could not be checked and');
    expect(part.email.split('\n')[0]).not.toMatch(/\d+ users? could not be checked/);
  });

  test('no account to audit is never all clear', () => {
    const report = orgReport([], {
      notes: [
        'Account old (666666666666) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.',
      ],
    });
    expect(report.status).toBe('incomplete');
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.subject).toBe('MFA audit o-a1b2c3d4e5: no ACTIVE account to audit, nothing checked');
    expect(part.email.split('\n')[0]).toBe(
      'No account of organization o-a1b2c3d4e5 was audited: none was ACTIVE among the accounts to audit ' +
        '(see the notes), so nothing is known about any user.',
    );
    expect(part.email).toContain('- Account old (666666666666) skipped');
    expect(part.card.content.title).toBe(':warning: No account of o-a1b2c3d4e5 was audited');
  });

  test('a root user without MFA is never hidden behind 0 users', () => {
    const report = orgReport([accountReport('111111111111', { rootWithoutMfa: true })]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(part.subject).toContain('0 users + 1 ROOT without MFA');
    expect(part.card.content.title).toMatch(/^:rotating_light: /);
    expect(part.email).toContain('1 root user has no MFA');
  });
});

describe('accounts and users', () => {
  test('the same user name in two accounts is two findings, each under its own account', () => {
    const report = orgReport([
      accountReport('111111111111', { name: 'one', users: ['admin'] }),
      accountReport('222222222222', { name: 'two', users: ['admin', 'ops'] }),
    ]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(headingAccounts(part.email)).toEqual(['222222222222', '111111111111']);
    expect(emailArns(part.email)).toEqual([
      violationIn('222222222222', 'admin').arn,
      violationIn('222222222222', 'ops').arn,
      violationIn('111111111111', 'admin').arn,
    ]);
  });

  test('accounts with as many users are ordered root first, then by unchecked users, then by name', () => {
    const report = orgReport([
      accountReport('111111111111', { name: 'zeta', users: ['a'] }),
      accountReport('222222222222', { name: 'beta', users: ['a'] }),
      accountReport('333333333333', { name: 'omega', users: ['a'], rootWithoutMfa: true }),
      accountReport('444444444444', { name: 'alpha', users: ['a'], errors: [unchecked('b')] }),
    ]);
    const part = only(buildOrganizationAlertMessages(report, CTX));
    expect(headingAccounts(part.email)).toEqual([
      '333333333333',
      '444444444444',
      '222222222222',
      '111111111111',
    ]);
  });

  test('an account without a known name is shown by its id', () => {
    const report = orgReport([notAssumable('123123123123'), accountReport('111111111111', { users: ['x'] })]);
    const part = only(buildOrganizationAlertMessages(report, {}));
    expect(part.email).toContain(
      '- 123123123123: the member role could not be assumed (needs sts:AssumeRole / trust)',
    );
    expect(part.email).toContain('=== 111111111111: 1 user without MFA ===');
  });

  test('a failure other than AssumeRole names the operation and the permission denied', () => {
    const denied = notAuditedReport(
      { id: '777777777777', name: 'legacy', status: 'ACTIVE' },
      {
        operation: 'ListUsers',
        message: 'AccessDenied: not authorized (needs iam:ListUsers)',
        code: 'AccessDenied',
        permission: 'iam:ListUsers',
      },
      new Date('2026-05-20T06:00:00Z'),
      'auto',
    );
    const timedOut = notAuditedReport(
      { id: '888888888888', status: 'ACTIVE' },
      {
        operation: 'AuditAccounts',
        message: 'States.Timeout: the map item timed out',
        code: 'States.Timeout',
      },
      new Date('2026-05-20T06:00:00Z'),
      'auto',
    );
    const part = only(buildOrganizationAlertMessages(orgReport([denied, timedOut]), CTX));
    expect(part.email).toContain('- legacy (777777777777): ListUsers was denied (needs iam:ListUsers)');
    expect(part.email).toContain(
      'Permission denied: the member role needs it; also check SCPs and permission boundaries there.',
    );
    expect(part.email).toContain('- 888888888888: AuditAccounts failed (States.Timeout)');
  });

  test('subjects stay under 100 characters with a long organization id and large counts', () => {
    const longOrg = { ...realisticOrg(), organizationId: `o-${'z'.repeat(32)}` };
    const big = {
      ...longOrg,
      summary: {
        ...longOrg.summary,
        accounts: 5000,
        violations: 123456,
        rootViolations: 4999,
        accountsFailed: 4321,
      },
    };
    for (const report of [longOrg, big]) {
      const [msg] = buildOrganizationAlertMessages(report, CTX);
      expect(msg?.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
      expect(msg?.subject).toContain(`o-${'z'.repeat(32)}`);
      expect(msg?.subject).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});
