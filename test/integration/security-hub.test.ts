import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { main } from '../../lambda/cli/main';
import type { AuditReport } from '../../lambda/core/types';
import { AUDITOR_IAM_ACTIONS } from '../../lib/iam-actions';
import { MOTO_ACCOUNT_ID } from '../../tools/moto/clients';
import { enableMfaDevice, createVirtualMfaDevice, seedUsers } from '../../tools/moto/iam-seed';
import { allFindings } from '../../tools/moto/security-hub';
import { recordingIo } from './support/cli-io';
import { asPrincipal, createPrincipal } from './support/moto-iam-auth';
import { useMoto } from './support/use-moto';
import { ASFF_REQUIRED_FIELDS as REQUIRED } from '../support/asff';

const moto = useMoto();
const userArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/${name}`;
const AUDIT_ACTIONS = [...AUDITOR_IAM_ACTIONS.accountWide, ...AUDITOR_IAM_ACTIONS.perUser];

async function audit(...flags: string[]): Promise<{ code: number; report: AuditReport; err: string }> {
  const io = recordingIo();
  const code = await main(['--json', '--security-hub', '--grace-hours', '0', ...flags], io);
  return { code, report: JSON.parse(io.out()) as AuditReport, err: io.err() };
}

function byResource(findings: readonly AwsSecurityFinding[]): Map<string, AwsSecurityFinding> {
  return new Map(findings.map((f) => [f.Resources?.[0]?.Id ?? '', f]));
}

describe('npm run audit -- --security-hub on moto', () => {
  beforeEach(async () => {
    await seedUsers(moto.clients.iam, [
      { name: 'alice', password: 'active' },
      { name: 'bob', password: 'active' },
      { name: 'carol', password: 'active', mfa: 'virtual' },
      { name: 'dave' },
    ]);
  });

  it('opens one FAILED, ACTIVE finding per violator and one for root, with every required ASFF field', async () => {
    const { code, report, err } = await audit();

    expect(code).toBe(2);
    expect(report.securityHub).toMatchObject({ status: 'exported', opened: 3, resolved: 0, errors: [] });
    expect(err).toContain(`Security Hub in ${MOTO_ACCOUNT_ID}/us-east-1: 3 finding(s) open, 0 resolved`);
    const findings = byResource(await allFindings(moto.endpoint));
    expect([...findings.keys()].sort()).toEqual(
      [userArn('alice'), userArn('bob'), `AWS::::Account:${MOTO_ACCOUNT_ID}`].sort(),
    );
    for (const f of findings.values()) {
      for (const field of REQUIRED) expect(f[field]).toBeTruthy();
      expect(f).toMatchObject({
        SchemaVersion: '2018-10-08',
        ProductArn: `arn:aws:securityhub:us-east-1:${MOTO_ACCOUNT_ID}:product/${MOTO_ACCOUNT_ID}/default`,
        AwsAccountId: MOTO_ACCOUNT_ID,
        RecordState: 'ACTIVE',
        Compliance: { Status: 'FAILED' },
      });
    }
    expect(findings.get(userArn('alice'))).toMatchObject({
      Severity: { Label: 'HIGH' },
      Resources: [{ Type: 'AwsIamUser', Details: { AwsIamUser: { UserName: 'alice', Path: '/' } } }],
      Compliance: {
        RelatedRequirements: expect.arrayContaining(['CIS AWS Foundations Benchmark v1.4.0/1.10']),
      },
    });
    expect(findings.get(`AWS::::Account:${MOTO_ACCOUNT_ID}`)).toMatchObject({
      Severity: { Label: 'CRITICAL' },
      Resources: [{ Type: 'AwsAccount' }],
    });
  });

  it('updates the same findings on a re-run, resolves a user who enabled MFA, keeps one whose check failed', async () => {
    await audit();
    const first = byResource(await allFindings(moto.endpoint));

    // A second run: the same findings, updated in place.
    await audit();
    const second = await allFindings(moto.endpoint);
    expect(second).toHaveLength(3);

    // bob enables MFA: the next run resolves his finding, keeping when it was first seen.
    await enableMfaDevice(moto.clients.iam, 'bob', await createVirtualMfaDevice(moto.clients.iam, 'bob'));
    const third = await audit();
    expect(third.report.securityHub).toMatchObject({ status: 'exported', opened: 2, resolved: 1, kept: [] });
    const afterMfa = byResource(await allFindings(moto.endpoint));
    expect(afterMfa.size).toBe(3);
    expect(afterMfa.get(userArn('bob'))).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      CreatedAt: first.get(userArn('bob'))?.CreatedAt,
    });
    expect(afterMfa.get(userArn('alice'))).toMatchObject({
      RecordState: 'ACTIVE',
      CreatedAt: first.get(userArn('alice'))?.CreatedAt,
    });

    // Then no user's MFA devices may be read (moto checks IAM permissions, not per resource): alice's
    // finding stays exactly as it was, never resolved by an error.
    const auditor = await createPrincipal(
      moto.clients.iam,
      'auditor',
      [...AUDIT_ACTIONS, 'securityhub:BatchImportFindings', 'securityhub:GetFindings'],
      [{ Effect: 'Deny', Action: 'iam:ListMFADevices', Resource: '*' }],
    );
    const fourth = await asPrincipal(moto.endpoint, auditor, () => audit());

    expect(fourth.code).toBe(1);
    expect(fourth.report.errors.map((e) => e.userName)).toEqual(expect.arrayContaining(['alice']));
    expect(fourth.report.securityHub).toMatchObject({
      status: 'exported',
      resolved: 0,
      kept: [{ userName: 'alice', why: 'this user could not be checked' }],
    });
    const after = byResource(await allFindings(moto.endpoint));
    expect(after.size).toBe(3);
    expect(after.get(userArn('alice'))).toEqual(afterMfa.get(userArn('alice')));
    expect(after.get(userArn('bob'))).toEqual(afterMfa.get(userArn('bob')));
    expect(after.get(`AWS::::Account:${MOTO_ACCOUNT_ID}`)).toMatchObject({ RecordState: 'ACTIVE' });
  });

  it('a denied import is an error per finding in the report, and exit 1', async () => {
    const auditor = await createPrincipal(moto.clients.iam, 'auditor', [
      ...AUDIT_ACTIONS,
      'securityhub:GetFindings',
    ]);
    const run = await asPrincipal(moto.endpoint, auditor, () => audit());

    expect(run.code).toBe(1);
    expect(run.report.status).toBe('complete');
    expect(run.report.securityHub?.status).toBe('failed');
    expect(run.report.securityHub?.errors).toHaveLength(3);
    // moto answers a denied REST-JSON call with its XML page (real Security Hub sends
    // AccessDeniedException, named with its permission: see test/aws/security-hub.test.ts).
    expect(run.report.securityHub?.errors[0]).toMatchObject({
      findingId: expect.stringContaining(userArn('alice')),
      userName: 'alice',
      operation: 'BatchImportFindings',
      message: expect.stringContaining('HTTP 403'),
    });
    expect(run.report.notes.join('\n')).toMatch(/Security Hub export failed: 3 error\(s\)/);
    expect(run.err).toMatch(/^error: BatchImportFindings failed for alice: .*HTTP 403/m);
    expect(await allFindings(moto.endpoint)).toEqual([]);
  });
});
