import { failedReport } from '../../lambda/core/audit';
import type { AuditReport, Violation } from '../../lambda/core/types';

export const ACCOUNT = '123456789012';

/** A realistic scheduled run: three users without MFA, one unchecked, one exempted, one in grace. */
export const REPORT: AuditReport = {
  accountId: ACCOUNT,
  checkedAt: '2026-05-20T06:00:12.345Z',
  reportGeneratedAt: '2026-05-20T04:12:40.000Z',
  reportAgeSeconds: 6480,
  reportGeneratedForThisAudit: false,
  strategy: 'report',
  requestedStrategy: 'auto',
  status: 'incomplete',
  scope: { kind: 'account' },
  summary: {
    usersScanned: 412,
    candidates: 9,
    violations: 3,
    exempted: 1,
    pending: 1,
    errors: 1,
    rootViolation: false,
  },
  violations: [
    {
      userName: 'alice.ng@example.com',
      arn: `arn:aws:iam::${ACCOUNT}:user/engineering/alice.ng@example.com`,
      userId: 'AIDAEXAMPLEALICE00001',
      path: '/engineering/',
      createDate: '2024-03-11T09:21:05.000Z',
      passwordCreated: '2024-03-11T09:25:00.000Z',
      passwordLastUsed: '2026-05-18T16:40:31.000Z',
      passwordResetRequired: false,
      severity: 'critical',
      reason: 'Console password enabled (last used 2026-05-18) and no MFA device assigned',
    },
    {
      userName: 'j.smith+ops=admin,eu',
      arn: `arn:aws:iam::${ACCOUNT}:user/contractors/j.smith+ops=admin,eu`,
      userId: 'AIDAEXAMPLEJSMITH0002',
      path: '/contractors/',
      createDate: '2025-06-02T12:00:00.000Z',
      passwordCreated: '2025-06-02T12:01:00.000Z',
      passwordLastUsed: '2025-12-01T08:15:00.000Z',
      passwordResetRequired: false,
      severity: 'high',
      exemption: { status: 'rejected', why: 'expired', until: '2026-04-30' },
      reason:
        'Console password enabled (last used 2025-12-01) and no MFA device assigned; ' +
        'exemption rejected: exemption expired on 2026-04-30',
    },
    {
      userName: 'deploy-bot',
      arn: `arn:aws:iam::${ACCOUNT}:user/deploy-bot`,
      userId: 'AIDAEXAMPLEDEPLOY0003',
      path: '/',
      createDate: '2025-11-02T10:00:00.000Z',
      passwordCreated: '2025-11-02T10:00:30.000Z',
      passwordLastUsed: null,
      passwordResetRequired: false,
      severity: 'high',
      reason: 'Console password enabled (never used to sign in) and no MFA device assigned',
    },
  ],
  exempted: [
    {
      userName: 'break-glass',
      arn: `arn:aws:iam::${ACCOUNT}:user/break-glass`,
      until: '2026-06-30',
      reason: 'Hardware key on order (SEC-1234)',
    },
  ],
  pending: [
    {
      userName: 'new.hire',
      arn: `arn:aws:iam::${ACCOUNT}:user/new.hire`,
      passwordCreated: '2026-05-19T15:02:00.000Z',
      deadline: '2026-05-22T15:02:00.000Z',
    },
  ],
  root: {
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    mfaEnabled: true,
    passwordLastUsed: null,
    violation: false,
    severity: null,
    reason: 'The root user has MFA enabled',
  },
  errors: [
    {
      userName: 'svc-reporting',
      operation: 'ListMFADevices',
      message: 'ThrottlingException: Rate exceeded',
    },
  ],
  notes: [],
  apiCalls: { ListUsers: 1, GenerateCredentialReport: 1, GetCredentialReport: 1, GetLoginProfile: 9 },
  apiRetries: { ListMFADevices: 3 },
};

export const FAILED_REPORT: AuditReport = failedReport({
  accountId: REPORT.accountId,
  checkedAt: new Date(REPORT.checkedAt),
  requestedStrategy: REPORT.requestedStrategy,
  usersScanned: 0,
  failure: {
    operation: 'ListUsers',
    message:
      `AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/mfa-auditor-role/mfa-auditor is not ` +
      'authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers ' +
      'action (needs iam:ListUsers)',
    code: 'AccessDenied',
    permission: 'iam:ListUsers',
  },
  apiCalls: { ListUsers: 1 },
  apiRetries: {},
});

/**
 * A report with `n` violations whose names use every character IAM allows (`+=,.@_-`) at the
 * maximum length of 64, on long paths: the worst case for message size.
 */
export function bigReport(n: number): AuditReport {
  const violations: Violation[] = [];
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(5, '0');
    const userName = `u${id}.first+team=ops,eu@example_com-`.padEnd(64, 'x');
    const path = `/department-${i % 7}/team-${i % 13}/`;
    violations.push({
      userName,
      arn: `arn:aws:iam::${ACCOUNT}:user${path}${userName}`,
      userId: `AIDA${id}EXAMPLE0000000`,
      path,
      createDate: '2024-01-01T00:00:00.000Z',
      passwordCreated: '2024-01-01T00:00:01.000Z',
      passwordLastUsed: i % 3 === 0 ? null : '2026-05-01T00:00:00.000Z',
      passwordResetRequired: false,
      severity: i % 3 === 0 ? 'high' : 'critical',
      reason: 'Console password enabled (last used 2026-05-01) and no MFA device assigned',
    });
  }
  return {
    ...REPORT,
    status: 'complete',
    summary: { ...REPORT.summary, usersScanned: n + 100, candidates: n, violations: n, errors: 0 },
    violations,
    errors: [],
  };
}
