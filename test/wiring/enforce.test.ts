import {
  AttachUserPolicyCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { AuditReport, Violation } from '../../lambda/core/types';
import { enforce } from '../../lambda/wiring/enforce';
import { auditReport, failedReport, violation } from '../../tools/builders/report';
import { accessDenied } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });
afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

const NOW = new Date('2026-06-01T00:00:00.000Z');
const POLICY_ARN = 'arn:aws:iam::123456789012:policy/MfaSelfService';
const overdue = (name: string): Violation => ({
  ...violation(name),
  passwordCreated: '2026-01-01T00:00:00.000Z',
});
const report: AuditReport = auditReport(NOW.toISOString(), [overdue('alice'), overdue('bob')]);
const options = (mode: 'on' | 'preview') => ({
  mode,
  policyArn: POLICY_ARN,
  enforceAfterDays: 14,
  gracePeriodHours: 0,
  now: () => NOW,
});
/** What IAM says live about a holder: an MFA device, a console password, or no such user. */
function live(userName: string, facts: 'mfa' | 'password-no-mfa' | 'gone'): void {
  const byName = { UserName: userName };
  if (facts === 'gone') {
    iamMock
      .on(ListMFADevicesCommand, byName)
      .rejects(new NoSuchEntityException({ message: 'no user', $metadata: {} }));
    return;
  }
  iamMock.on(ListMFADevicesCommand, byName).resolves({
    MFADevices: facts === 'mfa' ? [{ UserName: userName, SerialNumber: 'GAHT1', EnableDate: NOW }] : [],
    IsTruncated: false,
  });
  iamMock
    .on(GetLoginProfileCommand, byName)
    .resolves({ LoginProfile: { UserName: userName, CreateDate: NOW } });
}
const holding = (...names: string[]) =>
  iamMock.on(ListEntitiesForPolicyCommand).resolves({ PolicyUsers: names.map((UserName) => ({ UserName })) });

describe('enforce', () => {
  it('on: attaches to the overdue, detaches from compliant holders, one call each', async () => {
    holding('bob', 'carol');
    live('carol', 'mfa');
    iamMock.on(AttachUserPolicyCommand).resolves({});
    iamMock.on(DetachUserPolicyCommand).resolves({});

    const out = await enforce(report, iam, options('on'));

    expect(out.enforcement).toEqual({
      mode: 'on',
      policyArn: POLICY_ARN,
      attached: ['alice'],
      detached: ['carol'],
      failed: [],
      wouldAttach: ['alice'],
      wouldDetach: ['carol'],
    });
    expect(iamMock.commandCalls(AttachUserPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'alice', PolicyArn: POLICY_ARN },
    ]);
    expect(iamMock.commandCalls(DetachUserPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'carol', PolicyArn: POLICY_ARN },
    ]);
  });

  it('preview: the plan, and no attach or detach call at all', async () => {
    holding('carol');
    live('carol', 'mfa');

    const out = await enforce(report, iam, options('preview'));

    expect(out.enforcement).toMatchObject({
      attached: [],
      detached: [],
      wouldAttach: ['alice', 'bob'],
      wouldDetach: ['carol'],
    });
    expect(iamMock.commandCalls(AttachUserPolicyCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
    expect(out.notes).toContain(
      'Enforcement preview: would restrict 2 overdue user(s) to enrolling MFA (alice, bob). Nothing was changed.',
    );
  });

  it('holders that cannot be listed: a failure; overdue users are still restricted, nobody is released', async () => {
    iamMock.on(ListEntitiesForPolicyCommand).rejects(accessDenied('ListEntitiesForPolicy'));
    iamMock.on(AttachUserPolicyCommand).resolves({});

    const out = await enforce(report, iam, options('on'));

    expect(out.enforcement?.attached).toEqual(['alice', 'bob']);
    expect(out.enforcement?.detached).toEqual([]);
    expect(out.enforcement?.failed).toEqual([
      expect.objectContaining({
        userName: null,
        operation: 'ListEntitiesForPolicy',
        permission: 'iam:ListEntitiesForPolicy',
      }),
    ]);
    expect(iamMock.commandCalls(DetachUserPolicyCommand)).toHaveLength(0);
  });

  it('a denied attach fails that user only; the others go on', async () => {
    holding();
    iamMock.on(AttachUserPolicyCommand, { UserName: 'alice' }).rejects(accessDenied('AttachUserPolicy'));
    iamMock.on(AttachUserPolicyCommand, { UserName: 'bob' }).resolves({});

    const out = await enforce(report, iam, options('on'));

    expect(out.enforcement?.attached).toEqual(['bob']);
    expect(out.enforcement?.failed).toEqual([
      expect.objectContaining({
        userName: 'alice',
        operation: 'AttachUserPolicy',
        permission: 'iam:AttachUserPolicy',
      }),
    ]);
    expect(out.notes.at(-1)).toMatch(/^Enforcement FAILED for 1 operation\(s\) \(alice\)/);
  });

  it('detaching from a user who no longer holds it (or no longer exists) is done, not a failure', async () => {
    holding('gone');
    live('gone', 'gone');
    iamMock
      .on(DetachUserPolicyCommand)
      .rejects(new NoSuchEntityException({ message: 'no such user', $metadata: {} }));
    iamMock.on(AttachUserPolicyCommand).resolves({});

    const out = await enforce(auditReport(NOW.toISOString(), []), iam, options('on'));

    expect(out.enforcement).toMatchObject({ detached: ['gone'], failed: [] });
  });

  it('a holder not in the report is released only when confirmed live: renamed or new violators keep it', async () => {
    holding('bob2', 'newbie', 'carol', 'dan');
    live('bob2', 'password-no-mfa'); // bob, renamed since the listing, still violating
    live('newbie', 'password-no-mfa'); // created after the listing
    live('carol', 'mfa');
    iamMock.on(ListMFADevicesCommand, { UserName: 'dan' }).rejects(accessDenied('ListMFADevices'));
    iamMock.on(AttachUserPolicyCommand).resolves({});
    iamMock.on(DetachUserPolicyCommand).resolves({});

    const out = await enforce(report, iam, options('on'));

    expect(out.enforcement?.detached).toEqual(['carol']);
    expect(out.enforcement?.wouldDetach).toEqual(['carol']);
    expect(out.enforcement?.failed).toEqual([
      expect.objectContaining({
        userName: 'dan',
        operation: 'ListMFADevices',
        permission: 'iam:ListMFADevices',
      }),
    ]);
  });

  it('an exempted holder (judged by this run) is released without a live check', async () => {
    holding('erin');
    iamMock.on(DetachUserPolicyCommand).resolves({});
    const withExemption: AuditReport = {
      ...report,
      exempted: [
        { userName: 'erin', arn: 'arn:aws:iam::123456789012:user/erin', until: '2026-07-01', reason: 'r' },
      ],
    };

    const out = await enforce(withExemption, iam, options('on'));

    expect(out.enforcement?.detached).toEqual(['erin']);
    expect(iamMock.commandCalls(ListMFADevicesCommand)).toHaveLength(0);
  });

  it('a failed audit: nothing planned, nothing called, saying why', async () => {
    const out = await enforce(failedReport(NOW.toISOString()), iam, options('on'));

    expect(out.enforcement).toMatchObject({
      wouldAttach: [],
      skippedBecause: 'the audit failed, so nobody was judged',
    });
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('a preview without the policy ARN: who holds it is unknown, so nobody is planned for release', async () => {
    const out = await enforce(report, iam, { ...options('preview'), policyArn: undefined });

    expect(out.enforcement).toMatchObject({
      policyArn: null,
      wouldAttach: ['alice', 'bob'],
      wouldDetach: [],
    });
    expect(out.enforcement?.skippedBecause).toMatch(/without the policy ARN/);
    expect(iamMock.calls()).toHaveLength(0);
  });
});
