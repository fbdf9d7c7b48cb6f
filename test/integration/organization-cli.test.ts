import { main } from '../../lambda/cli/main';
import type { OrganizationReport } from '../../lambda/core/organization';
import { awsEnvFor, MOTO_ACCOUNT_ID } from '../../tools/moto/clients';
import type { SeedUser } from '../../tools/moto/iam-seed';
import { seedUsers } from '../../tools/moto/iam-seed';
import type { MotoOrganization } from '../../tools/moto/organization';
import { closeAccount, createOrganization, iamClientInAccount } from '../../tools/moto/organization';
import { MEMBER_IAM_ACTIONS } from '../../lib/iam-actions';

const AUDIT_READ_ACTIONS = [...MEMBER_IAM_ACTIONS.accountWide, ...MEMBER_IAM_ACTIONS.perUser];
import type { OrganizationMachineReport } from '../../lambda/alerts/organization/org-machine';
import { createTopicWithCapture } from '../../tools/moto/sns-capture';
import { recordingIo } from './support/cli-io';
import { applyEnv } from './support/env';
import { setMotoAuthorization } from './support/moto-api';
import { createPrincipal, createRoleAllowing } from './support/moto-iam-auth';
import { useMoto } from './support/use-moto';

const moto = useMoto();

const noMfa = (name: string): SeedUser => ({ name, password: 'active' });
const withMfa = (name: string): SeedUser => ({ name, password: 'active', mfa: 'virtual' });
const noPassword = (name: string): SeedUser => ({ name });

/** Each account's users; `alice` is in two accounts: two findings. */
const SEEDS: Record<string, readonly SeedUser[]> = {
  dev: [noMfa('alice'), withMfa('bob'), noPassword('ci-bot')],
  prod: [noMfa('alice'), noMfa('carol'), withMfa('dave')],
  sandbox: [withMfa('erin')],
  closed: [noMfa('mallory')],
};
const MANAGEMENT_SEED: readonly SeedUser[] = [noMfa('root-admin'), withMfa('ops')];

async function seedOrganization(): Promise<MotoOrganization> {
  const org = await createOrganization(moto.endpoint, Object.keys(SEEDS));
  for (const [name, users] of Object.entries(SEEDS)) {
    const iam = await iamClientInAccount(moto.endpoint, org.accounts[name] as string);
    try {
      await seedUsers(iam, users);
    } finally {
      iam.destroy();
    }
  }
  await seedUsers(moto.clients.iam, MANAGEMENT_SEED);
  await closeAccount(moto.endpoint, org.accounts.closed as string);
  return org;
}

const violatorsByAccount = (report: OrganizationReport): Record<string, string[]> =>
  Object.fromEntries(report.accounts.map((a) => [a.accountId, a.violations.map((v) => v.userName).sort()]));

describe('the CLI audits an organization on moto', () => {
  it('--org audits every ACTIVE account, each through its role, and names the closed one', async () => {
    const org = await seedOrganization();
    const io = recordingIo();

    const code = await main(['--org', '--json'], io);

    // moto's root users never have MFA: every account has a root violation, so 2 at best.
    expect(code).toBe(2);
    const report = JSON.parse(io.out()) as OrganizationReport;
    expect(report).toMatchObject({
      kind: 'organization',
      organizationId: org.organizationId,
      status: 'complete',
    });
    expect(violatorsByAccount(report)).toEqual({
      [MOTO_ACCOUNT_ID]: ['root-admin'],
      [org.accounts.dev as string]: ['alice'],
      [org.accounts.prod as string]: ['alice', 'carol'],
      [org.accounts.sandbox as string]: [],
    });
    expect(report.accounts.find((a) => a.accountId === org.accounts.prod)).toMatchObject({
      accountName: 'prod',
      status: 'complete',
    });
    expect(report.summary).toMatchObject({
      accounts: 4,
      accountsComplete: 4,
      accountsIncomplete: 0,
      accountsFailed: 0,
      violations: 4,
    });
    expect(report.notes.join('\n')).toContain(`closed (${org.accounts.closed}) skipped: it is SUSPENDED`);
    expect(JSON.stringify(report)).not.toContain('mallory');
    expect(io.err()).toBe('');
  });

  it('--accounts audits just those accounts; the human output leads with the accounts, worst first', async () => {
    const org = await seedOrganization();
    const io = recordingIo();

    const code = await main(['--accounts', `${org.accounts.sandbox},${org.accounts.prod}`], io);

    expect(code).toBe(2);
    const out = io.out();
    expect(out).toMatch(new RegExp(`^${org.accounts.prod}\\s+prod\\s+complete\\s+2\\s+NO\\s+0$`, 'm'));
    expect(out.indexOf(`${org.accounts.prod} `)).toBeLessThan(out.indexOf(`${org.accounts.sandbox} `));
    expect(out).toContain('== prod (');
    expect(out).not.toContain('alice\n'.repeat(2));
    expect(out).toMatch(
      /: 2 account\(s\): 2 console user\(s\) without MFA, 2 root user\(s\) without MFA\.$/m,
    );
  });

  describe('with moto checking every request against IAM policies', () => {
    let restoreEnv: (() => void) | undefined;
    afterEach(async () => {
      await setMotoAuthorization(moto.endpoint, false);
      restoreEnv?.();
    });

    it('an account without the member role is reported as not audited, the others are, and the exit code is 1', async () => {
      const org = await seedOrganization();
      for (const name of ['dev', 'prod']) {
        const iam = await iamClientInAccount(moto.endpoint, org.accounts[name] as string);
        try {
          await createRoleAllowing(iam, 'MfaAuditorReadRole', AUDIT_READ_ACTIONS);
        } finally {
          iam.destroy();
        }
      }
      // sandbox never got the role (say the StackSet has not reached it yet): real STS denies
      // AssumeRole then. moto does not check trust policies, so the caller's own policy denies it.
      const caller = await createPrincipal(
        moto.clients.iam,
        'org-auditor',
        ['organizations:DescribeOrganization', 'organizations:ListAccounts', ...AUDIT_READ_ACTIONS],
        [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: ['dev', 'prod'].map((n) => `arn:aws:iam::${org.accounts[n]}:role/MfaAuditorReadRole`),
          },
        ],
      );
      await setMotoAuthorization(moto.endpoint, true);
      restoreEnv = applyEnv(awsEnvFor(moto.endpoint, caller));
      const io = recordingIo();

      const code = await main(['--org', '--json'], io);

      expect(code).toBe(1);
      const report = JSON.parse(io.out()) as OrganizationReport;
      expect(report.status).toBe('incomplete');
      expect(report.summary).toMatchObject({
        accounts: 4,
        accountsComplete: 3,
        accountsFailed: 1,
        violations: 4,
      });
      const sandbox = report.accounts.find((a) => a.accountId === org.accounts.sandbox);
      expect(sandbox).toMatchObject({ status: 'failed', accountName: 'sandbox', violations: [] });
      expect(sandbox?.errors).toEqual([
        expect.objectContaining({ userName: null, operation: 'AssumeRole', permission: 'sts:AssumeRole' }),
      ]);
      expect(sandbox?.errors[0]?.message).toContain(
        `arn:aws:iam::${org.accounts.sandbox}:role/MfaAuditorReadRole`,
      );
      expect(violatorsByAccount(report)[org.accounts.prod as string]).toEqual(['alice', 'carol']);
      expect(io.err()).toMatch(
        new RegExp(
          `^error: account sandbox \\(${org.accounts.sandbox}\\) was not audited: AssumeRole: `,
          'm',
        ),
      );
    });

    it('--org without permission to list the organization fails: exit 1, nothing claimed', async () => {
      await seedOrganization();
      const caller = await createPrincipal(moto.clients.iam, 'no-org-access', [
        'sts:AssumeRole',
        ...AUDIT_READ_ACTIONS,
      ]);
      await setMotoAuthorization(moto.endpoint, true);
      restoreEnv = applyEnv(awsEnvFor(moto.endpoint, caller));
      const io = recordingIo();

      const code = await main(['--org', '--json'], io);

      expect(code).toBe(1);
      const report = JSON.parse(io.out()) as OrganizationReport;
      expect(report).toMatchObject({
        status: 'failed',
        accounts: [],
        summary: { accounts: 0, violations: 0 },
      });
      // moto answers a denied Organizations call (a JSON-protocol service) with its XML AccessDenied
      // page, which the SDK cannot read: the audit still fails, naming the call and the HTTP 403. The
      // readable AccessDeniedException of real AWS is covered in test/aws/organizations.test.ts.
      expect(report.errors).toEqual([
        expect.objectContaining({ userName: null, operation: 'DescribeOrganization' }),
      ]);
      expect(report.errors[0]?.message).toContain('HTTP 403');
      expect(io.err()).toMatch(/^error: DescribeOrganization failed: /m);
    });

    it('--accounts still audits the named accounts when the organization cannot be listed, and says so', async () => {
      await seedOrganization();
      const caller = await createPrincipal(moto.clients.iam, 'no-org-access', AUDIT_READ_ACTIONS);
      await setMotoAuthorization(moto.endpoint, true);
      restoreEnv = applyEnv(awsEnvFor(moto.endpoint, caller));
      const io = recordingIo();

      const code = await main(['--accounts', MOTO_ACCOUNT_ID, '--json'], io);

      expect(code).toBe(2);
      const report = JSON.parse(io.out()) as OrganizationReport;
      expect(report).toMatchObject({ status: 'complete', organizationId: null });
      expect(violatorsByAccount(report)).toEqual({ [MOTO_ACCOUNT_ID]: ['root-admin'] });
      expect(report.accounts[0]?.accountName).toBeUndefined();
      expect(report.notes).toEqual([
        expect.stringMatching(
          /^The organization's accounts could not be listed \(DescribeOrganization: .*HTTP 403.*\); the named accounts were audited without their names and states\.$/,
        ),
      ]);
    });
  });

  it('--topic-arn publishes one alert for the organization: every violator once, under its account', async () => {
    const org = await seedOrganization();
    const capture = await createTopicWithCapture(moto.clients, 'org-findings');
    const io = recordingIo();

    const code = await main(['--org', '--topic-arn', capture.topicArn], io);

    expect(code).toBe(2);
    expect(io.err()).toBe(`published 1 message(s) to ${capture.topicArn}\n`);
    const [delivered, ...more] = await capture.receiveAll({ atLeast: 1 });
    expect(more).toEqual([]);
    // An SQS subscriber receives the machine body.
    const machine = JSON.parse(delivered?.message ?? '{}') as OrganizationMachineReport;
    expect(machine).toMatchObject({
      kind: 'organization',
      organizationId: org.organizationId,
      status: 'complete',
    });
    const byAccount = Object.fromEntries(
      machine.accounts.map((a) => [a.accountName ?? a.accountId, a.violations.map((v) => v.userName).sort()]),
    );
    expect(byAccount).toMatchObject({ dev: ['alice'], prod: ['alice', 'carol'] });
    expect(delivered?.subject).toContain(org.organizationId);
  });

  it('rejects an account id that is not 12 digits, naming it', async () => {
    const io = recordingIo();

    const code = await main(['--accounts', '12345678901x'], io);

    expect(code).toBe(1);
    expect(io.err()).toContain('--accounts takes AWS account ids (exactly 12 digits); got "12345678901x"');
    expect(io.out()).toBe('');
  });
});
