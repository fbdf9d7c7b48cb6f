/** Organization reports for the alert tests, built from the report builders and organizationReport(). */
import type { AccountAuditReport, OrganizationReport } from '../../../lambda/core/organization';
import { notAuditedReport, organizationReport, withAccount } from '../../../lambda/core/organization';
import type { AuditError, AuditReport, Violation } from '../../../lambda/core/types';
import { ACCOUNT_ID } from '../../../tools/builders/iam';
import { auditReport, violation } from '../../../tools/builders/report';

export const ORG_ID = 'o-a1b2c3d4e5';
export const CHECKED_AT = '2026-05-20T06:00:12.345Z';
export const ROLE = 'MfaAuditorReadRole';

/** A violation of a user in `accountId` (the builders' ARNs name their one test account). */
export function violationIn(accountId: string, userName: string, path = '/'): Violation {
  const v = violation(userName, path);
  return { ...v, arn: v.arn.replace(ACCOUNT_ID, accountId) };
}

export interface AccountOptions {
  readonly name?: string;
  readonly users?: readonly string[];
  readonly rootWithoutMfa?: boolean;
  readonly errors?: readonly AuditError[];
  readonly checkedAt?: string;
  readonly overrides?: Partial<Omit<AuditReport, 'summary'>>;
}

/** A whole-account audit of `accountId` with these users without MFA. */
export function accountReport(accountId: string, options: AccountOptions = {}): AccountAuditReport {
  const violations = (options.users ?? []).map((u) => violationIn(accountId, u));
  const root = options.rootWithoutMfa
    ? {
        arn: `arn:aws:iam::${accountId}:root`,
        mfaEnabled: false,
        passwordLastUsed: '2026-04-01T10:00:00.000Z',
        violation: true,
        severity: 'critical' as const,
        reason: 'The root user has no MFA device',
      }
    : {
        arn: `arn:aws:iam::${accountId}:root`,
        mfaEnabled: true,
        passwordLastUsed: null,
        violation: false,
        severity: null,
        reason: 'The root user has MFA enabled',
      };
  const report = auditReport(options.checkedAt ?? CHECKED_AT, violations, {
    accountId,
    root,
    errors: options.errors ?? [],
    ...options.overrides,
    summary: { rootViolation: options.rootWithoutMfa ?? false },
  });
  return withAccount(report, { id: accountId, name: options.name, status: 'ACTIVE' });
}

/** An account whose member role could not be assumed, as auditMemberAccount reports it. */
export function notAssumable(accountId: string, name?: string, checkedAt = CHECKED_AT): AccountAuditReport {
  const roleArn = `arn:aws:iam::${accountId}:role/${ROLE}`;
  return notAuditedReport(
    { id: accountId, name, status: 'ACTIVE' },
    {
      operation: 'AssumeRole',
      message:
        `${roleArn}: AccessDenied: User: arn:aws:sts::999999999999:assumed-role/mfa-auditor-org/audit is not ` +
        `authorized to perform: sts:AssumeRole on resource: ${roleArn} (needs sts:AssumeRole)`,
      code: 'AccessDenied',
      permission: 'sts:AssumeRole',
    },
    new Date(checkedAt),
    'auto',
  );
}

export function unchecked(userName: string): AuditError {
  return {
    userName,
    operation: 'ListMFADevices',
    message: 'ThrottlingException: Rate exceeded (after 5 attempts)',
    code: 'ThrottlingException',
  };
}

export function orgReport(
  accounts: readonly AccountAuditReport[],
  extra: {
    readonly notes?: readonly string[];
    readonly errors?: readonly AuditError[];
    readonly checkedAt?: string;
  } = {},
): OrganizationReport {
  return organizationReport({
    organizationId: ORG_ID,
    checkedAt: new Date(extra.checkedAt ?? CHECKED_AT),
    accounts,
    notes: extra.notes,
    errors: extra.errors,
  });
}

/** A realistic organization run: every kind of account the alert must tell apart. */
export function realisticOrg(checkedAt = CHECKED_AT): OrganizationReport {
  return orgReport(
    [
      accountReport('111111111111', {
        name: 'prod-main',
        users: ['alice.ng@example.com', 'deploy-bot', 'j.smith'],
        rootWithoutMfa: true,
        checkedAt,
      }),
      accountReport('222222222222', {
        name: 'payments',
        users: ['carol'],
        errors: [unchecked('dave')],
        checkedAt,
      }),
      notAssumable('333333333333', 'sandbox', checkedAt),
      accountReport('444444444444', { name: 'security', checkedAt }),
      accountReport('555555555555', { name: 'data-lake', rootWithoutMfa: true, checkedAt }),
    ],
    {
      checkedAt,
      notes: [
        'Account old-dev (666666666666) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.',
      ],
    },
  );
}
