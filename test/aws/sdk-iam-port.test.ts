import {
  GenerateCredentialReportCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { AuditOptions } from '../../lambda/core/audit';
import { runAudit } from '../../lambda/core/audit';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { DEFAULT_REPORT_POLLING } from '../../lambda/aws/credential-report-source';
import { sdkIamPort } from '../../lambda/aws/sdk-iam-port';
import { EXEMPT_REASON_TAG, EXEMPT_UNTIL_TAG } from '../../lambda/core/exemption';
import { DEFAULT_JUDGE_POLICY } from '../../lambda/core/judge';
import { HOUR_MS, iamUser, NOW } from '../../tools/builders/iam';
import type { AccountUser } from '../fixtures/iam-sdk';
import { accessDenied, HARDWARE_MFA, stubIamAccount, U2F_MFA, VIRTUAL_MFA } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const USERS: AccountUser[] = [
  { user: iamUser('alice', { passwordLastUsed: new Date('2026-11-20T07:00:00Z') }), password: PASSWORD },
  { user: iamUser('bob'), password: PASSWORD, mfaSerials: [VIRTUAL_MFA] },
  { user: iamUser('carol'), password: PASSWORD, mfaSerials: [HARDWARE_MFA] },
  { user: iamUser('dave'), password: PASSWORD, mfaSerials: [U2F_MFA] },
  { user: iamUser('svc-deploy') },
  {
    user: iamUser('vendor'),
    password: PASSWORD,
    tags: { [EXEMPT_UNTIL_TAG]: '2026-12-31', [EXEMPT_REASON_TAG]: 'vendor access, ticket SEC-42' },
  },
];

function audit(overrides: Partial<AuditOptions> = {}): ReturnType<typeof runAudit> {
  const port = sdkIamPort(iam, new ApiCallCounter(), {
    ...DEFAULT_REPORT_POLLING,
    sleep: () => Promise.resolve(),
  });
  return runAudit(port, {
    strategy: 'live',
    liveThreshold: 100,
    concurrency: 3,
    policy: DEFAULT_JUDGE_POLICY,
    now: () => NOW,
    ...overrides,
  });
}

afterAll(() => iamMock.restore());
beforeEach(() => {
  iamMock.reset();
  stubIamAccount(iamMock, {
    users: USERS,
    rootMfaEnabled: true,
    reportGeneratedAt: new Date(NOW.getTime() - HOUR_MS),
  });
});

describe('sdkIamPort + runAudit', () => {
  test('live: finds exactly the password user without a device; every device kind counts as MFA', async () => {
    const report = await audit();

    expect(report.status).toBe('complete');
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.exempted.map((e) => e.userName)).toEqual(['vendor']);
    expect(report.summary).toMatchObject({ usersScanned: 6, candidates: 6, errors: 0, rootViolation: false });
  });

  test('live: tags are read only for would-be violations', async () => {
    await audit();

    expect(
      iamMock
        .commandCalls(ListUserTagsCommand)
        .map((c) => c.args[0].input.UserName)
        .sort(),
    ).toEqual(['alice', 'vendor']);
  });

  test('report: only the users the report cannot clear are checked live', async () => {
    const report = await audit({ strategy: 'report' });

    expect(report.strategy).toBe('report');
    expect(
      iamMock
        .commandCalls(GetLoginProfileCommand)
        .map((c) => c.args[0].input.UserName)
        .sort(),
    ).toEqual(['alice', 'vendor']);
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.reportAgeSeconds).toBe(3600);
  });

  // Issue 11: a report another tool generated 10 s before the audit was trusted as the audit's own
  // (within a 60 s allowance), so bob, whose MFA device was removed in between, was missed.
  test('report COMPLETE at the first request, generated 10 s ago: refreshed, and MFA removed since is caught', async () => {
    // The report, generated 10 s ago, credits bob with MFA; his device was removed since.
    stubIamAccount(iamMock, {
      users: USERS,
      rootMfaEnabled: true,
      reportGeneratedAt: new Date(NOW.getTime() - 10_000),
    });
    iamMock.on(ListMFADevicesCommand, { UserName: 'bob' }).resolves({ MFADevices: [], IsTruncated: false });
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });

    const report = await audit({ strategy: 'report' });

    expect(iamMock.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(1);
    expect(report.violations.map((v) => v.userName).sort()).toEqual(['alice', 'bob']);
    expect(report.status).toBe('complete');
  });

  test('report STARTED by this audit, then COMPLETE: current, so no refresh', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolves({ State: 'COMPLETE' });
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });

    const report = await audit({ strategy: 'report' });

    expect(iamMock.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(0);
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
  });

  test("AccessDenied on one user's ListMFADevices => that user in errors, the rest correct", async () => {
    iamMock.on(ListMFADevicesCommand, { UserName: 'carol' }).rejects(accessDenied('ListMFADevices'));

    const report = await audit();

    expect(report.status).toBe('incomplete');
    expect(report.errors).toEqual([
      {
        userName: 'carol',
        arn: expect.any(String),
        userId: expect.any(String),
        operation: 'ListMFADevices',
        message: expect.stringContaining('(needs iam:ListMFADevices)'),
        code: 'AccessDenied',
        permission: 'iam:ListMFADevices',
      },
    ]);
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.exempted.map((e) => e.userName)).toEqual(['vendor']);
    expect(report.summary).toMatchObject({ violations: 1, exempted: 1, errors: 1 });
  });

  test('ListUsers denied => a failed report naming ListUsers and iam:ListUsers', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));

    const report = await audit();

    expect(report.status).toBe('failed');
    expect(report.errors).toEqual([
      {
        userName: null,
        operation: 'ListUsers',
        message: expect.stringContaining('(needs iam:ListUsers)'),
        code: 'AccessDenied',
        permission: 'iam:ListUsers',
      },
    ]);
    expect(iamMock.commandCalls(GetLoginProfileCommand)).toHaveLength(0);
  });

  test('report strategy with GenerateCredentialReport denied => a failed report naming it', async () => {
    iamMock.on(GenerateCredentialReportCommand).rejects(accessDenied('GenerateCredentialReport'));

    const report = await audit({ strategy: 'report' });

    expect(report.status).toBe('failed');
    expect(report.errors[0]).toMatchObject({
      userName: null,
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('(needs iam:GenerateCredentialReport)'),
    });
  });

  test('auto above the threshold with GenerateCredentialReport denied => everyone checked live, with a note', async () => {
    iamMock.on(GenerateCredentialReportCommand).rejects(accessDenied('GenerateCredentialReport'));

    const report = await audit({ strategy: 'auto', liveThreshold: 2 });

    expect(report).toMatchObject({ status: 'complete', strategy: 'live' });
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.notes[0]).toContain('(needs iam:GenerateCredentialReport)');
  });
});
