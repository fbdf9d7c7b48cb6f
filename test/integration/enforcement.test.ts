import { CreatePolicyCommand, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { main } from '../../lambda/cli/main';
import type { AuditReport } from '../../lambda/core/types';
import { AUDITOR_IAM_ACTIONS } from '../../lib/iam-actions';
import { createVirtualMfaDevice, enableMfaDevice, seedUsers } from '../../tools/moto/iam-seed';
import { recordingIo } from './support/cli-io';
import { applyEnv } from './support/env';
import { asPrincipal, createPrincipal } from './support/moto-iam-auth';
import { useMoto } from './support/use-moto';
import { LAMBDA_CONTEXT, loadHandler } from './support/handler-loader';

const moto = useMoto();
/** A valid exemption: within the 365 days allowed. */
const IN_30_DAYS = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const AUDIT_ACTIONS = [...AUDITOR_IAM_ACTIONS.accountWide, ...AUDITOR_IAM_ACTIONS.perUser];

/** A stand-in for the stack's policy: moto stores policies, it does not evaluate them. */
async function createEnforcementPolicy(): Promise<string> {
  const out = await moto.clients.iam.send(
    new CreatePolicyCommand({
      PolicyName: 'MfaAuditorSelfServiceMfa',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', NotAction: 'iam:EnableMFADevice', Resource: '*' }],
      }),
    }),
  );
  if (!out.Policy?.Arn) throw new Error('moto created no policy');
  return out.Policy.Arn;
}

async function holders(policyArn: string): Promise<string[]> {
  const out = await moto.clients.iam.send(
    new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, EntityFilter: 'User' }),
  );
  return (out.PolicyUsers ?? []).map((u) => u.UserName ?? '').sort();
}

async function audit(...flags: string[]): Promise<{ code: number; report: AuditReport; err: string }> {
  const io = recordingIo();
  const code = await main(['--json', ...flags], io);
  return { code, report: JSON.parse(io.out()) as AuditReport, err: io.err() };
}

describe('npm run audit -- --enforce on moto', () => {
  let policyArn: string;
  const enforce = (mode: string, ...flags: string[]) =>
    audit('--enforce', mode, '--enforce-policy-arn', policyArn, '--grace-hours', '0', ...flags);

  beforeEach(async () => {
    await seedUsers(moto.clients.iam, [
      { name: 'alice', password: 'active' },
      { name: 'bob', password: 'active' },
      { name: 'carol', password: 'active', mfa: 'virtual' },
      {
        name: 'erin',
        password: 'active',
        tags: { 'mfa-audit:exempt-until': IN_30_DAYS, 'mfa-audit:exempt-reason': 'x' },
      },
      { name: 'dave' },
    ]);
    policyArn = await createEnforcementPolicy();
  });

  it('preview reports the plan and changes nothing; a user not yet overdue, or pending, is never restricted', async () => {
    const preview = await enforce('preview', '--enforce-after-days', '0');
    expect(preview.code).toBe(2);
    expect(preview.report.enforcement).toEqual({
      mode: 'preview',
      policyArn,
      attached: [],
      detached: [],
      failed: [],
      wouldAttach: ['alice', 'bob'],
      wouldDetach: [],
    });
    expect(preview.err).toContain('Enforcement preview (nothing changed): would restrict 2: alice, bob');
    expect(await holders(policyArn)).toEqual([]);

    // Passwords created just now: not overdue with a day to go, nor inside a grace period.
    const notYet = await enforce('on', '--enforce-after-days', '1');
    expect(notYet.report.enforcement).toMatchObject({ attached: [], wouldAttach: [] });
    const pending = await enforce('on', '--enforce-after-days', '0', '--grace-hours', '48');
    expect(pending.report.pending.map((p) => p.userName).sort()).toEqual(['alice', 'bob']);
    expect(pending.report.enforcement).toMatchObject({ attached: [], wouldAttach: [] });
    // --dry-run turns on into a preview.
    const dry = await enforce('on', '--enforce-after-days', '0', '--dry-run');
    expect(dry.report.enforcement).toMatchObject({
      mode: 'preview',
      attached: [],
      wouldAttach: ['alice', 'bob'],
    });
    expect(await holders(policyArn)).toEqual([]);
  });

  it('on attaches to exactly the overdue users, and detaches once a user enables MFA', async () => {
    const first = await enforce('on', '--enforce-after-days', '0');
    expect(first.report.enforcement).toMatchObject({
      mode: 'on',
      attached: ['alice', 'bob'],
      detached: [],
      failed: [],
    });
    expect(first.report.notes.join('\n')).toContain('Enforced on alice, bob: until they sign in with MFA');
    // erin is exempted, carol has MFA, dave has no password: untouched.
    expect(await holders(policyArn)).toEqual(['alice', 'bob']);

    // A second run changes nothing: both still overdue and already restricted.
    const again = await enforce('on', '--enforce-after-days', '0');
    expect(again.report.enforcement).toMatchObject({ attached: [], detached: [] });

    await enableMfaDevice(moto.clients.iam, 'bob', await createVirtualMfaDevice(moto.clients.iam, 'bob'));
    const after = await enforce('on', '--enforce-after-days', '0');
    expect(after.report.enforcement).toMatchObject({ attached: [], detached: ['bob'], failed: [] });
    expect(after.err).toContain('Enforcement: released 1: bob');
    expect(await holders(policyArn)).toEqual(['alice']);
  });

  it('a denied attach is a failure naming the user, the operation and the permission; exit 1', async () => {
    const auditor = await createPrincipal(moto.clients.iam, 'auditor', [
      ...AUDIT_ACTIONS,
      'iam:ListEntitiesForPolicy',
      'iam:DetachUserPolicy',
    ]);
    const run = await asPrincipal(moto.endpoint, auditor, () => enforce('on', '--enforce-after-days', '0'));

    expect(run.code).toBe(1);
    expect(run.report.enforcement?.attached).toEqual([]);
    expect(run.report.enforcement?.failed).toEqual([
      expect.objectContaining({
        userName: 'alice',
        operation: 'AttachUserPolicy',
        permission: 'iam:AttachUserPolicy',
      }),
      expect.objectContaining({
        userName: 'bob',
        operation: 'AttachUserPolicy',
        permission: 'iam:AttachUserPolicy',
      }),
    ]);
    expect(run.err).toMatch(/^error: AttachUserPolicy failed for alice: .*needs iam:AttachUserPolicy/m);
    expect(await holders(policyArn)).toEqual([]);
  });

  it('the function with ENFORCEMENT=on: an on-demand dry run previews, a scheduled run restricts', async () => {
    const restore = applyEnv({
      ENFORCEMENT: 'on',
      ENFORCE_POLICY_ARN: policyArn,
      ENFORCE_AFTER_DAYS: '0',
      GRACE_PERIOD_HOURS: '0',
      TOPIC_ARN: undefined,
      STATE_TABLE: undefined,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    try {
      const handler = loadHandler();
      const dry = await handler({ dryRun: true }, LAMBDA_CONTEXT);
      expect(dry.enforcement).toMatchObject({ mode: 'preview', attached: [], wouldAttach: ['alice', 'bob'] });
      expect(await holders(policyArn)).toEqual([]);

      const scheduled = await handler({}, LAMBDA_CONTEXT);
      expect(scheduled.enforcement).toMatchObject({ mode: 'on', attached: ['alice', 'bob'], failed: [] });
      expect(await holders(policyArn)).toEqual(['alice', 'bob']);
    } finally {
      restore();
    }
  });

  it('--enforce on without the policy ARN is a bad argument naming it', async () => {
    const io = recordingIo();
    expect(await main(['--enforce', 'on'], io)).toBe(1);
    expect(io.err()).toContain('--enforce on needs --enforce-policy-arn ARN');
  });
});
