import { createHash } from 'node:crypto';
import type { RootStatus, Severity, Violation } from '../types';

/**
 * AWS Security Finding Format (ASFF), the part this product writes: plain data, shaped like the
 * SDK's `AwsSecurityFinding` so the adapter passes it through unchanged. Every field ASFF requires
 * is here (SchemaVersion, Id, ProductArn, GeneratorId, AwsAccountId, Types, CreatedAt, UpdatedAt,
 * Severity, Title, Description, Resources).
 */
export interface AsffFinding {
  readonly SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  readonly Id: string;
  readonly ProductArn: string;
  readonly ProductName: string;
  readonly CompanyName: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Region: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: AsffSeverity;
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { readonly Recommendation: { readonly Text: string; readonly Url: string } };
  readonly SourceUrl?: string;
  readonly ProductFields: Readonly<Record<string, string>>;
  readonly Resources: readonly AsffResource[];
  readonly Compliance: {
    readonly Status: 'FAILED' | 'PASSED';
    readonly RelatedRequirements: readonly string[];
  };
  readonly RecordState: 'ACTIVE' | 'ARCHIVED';
  /** Severity and Types as the provider's own: what BatchImportFindings may update after creation. */
  readonly FindingProviderFields: { readonly Severity: AsffSeverity; readonly Types: readonly string[] };
}

export interface AsffSeverity {
  readonly Label: 'CRITICAL' | 'HIGH' | 'INFORMATIONAL';
  /** Our own tier, as written in the AuditReport. */
  readonly Original: string;
}

export interface AsffResource {
  readonly Type: 'AwsIamUser' | 'AwsAccount';
  readonly Id: string;
  readonly Partition: string;
  readonly Region: string;
  readonly Details?: {
    readonly AwsIamUser: {
      readonly UserName: string;
      readonly Path?: string;
      readonly UserId?: string;
      readonly CreateDate: string;
    };
  };
}

/** Where findings go: the account they are about, in the region and partition the audit runs in. */
export interface SecurityHubTarget {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
}

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/**
 * One generator for the control (console users and the root user without MFA): GetFindings finds
 * every finding this product ever opened by it, whichever deployment or laptop imported it.
 */
export const GENERATOR_ID = 'mfa-auditor/console-mfa';
export const PRODUCT_NAME = 'mfa-auditor';

export const FINDING_TYPES = [
  'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
  'Software and Configuration Checks/AWS Security Best Practices',
] as const;

/** CIS AWS Foundations 1.10 (numbered so in v1.4.0 and v3.0.0; 1.2 in v1.2.0) and NIST 800-53 IA-2(1). */
export const USER_REQUIREMENTS = [
  'CIS AWS Foundations Benchmark v1.4.0/1.10',
  'CIS AWS Foundations Benchmark v3.0.0/1.10',
  'NIST.800-53.r5 IA-2(1)',
] as const;
/** CIS "Ensure MFA is enabled for the root user account" (1.5 in v1.4.0 and v3.0.0). */
export const ROOT_REQUIREMENTS = [
  'CIS AWS Foundations Benchmark v1.4.0/1.5',
  'CIS AWS Foundations Benchmark v3.0.0/1.5',
  'NIST.800-53.r5 IA-2(1)',
] as const;

export const USER_REMEDIATION_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html';
export const ROOT_REMEDIATION_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html';

/** ASFF caps Recommendation.Text at 512 characters and Description at 1024. */
const MAX_RECOMMENDATION = 512;
const MAX_DESCRIPTION = 1024;

/** Security Hub's default product for the account: findings a customer's own tool imports. */
export function productArn(t: SecurityHubTarget): string {
  return `arn:${t.partition}:securityhub:${t.region}:${t.accountId}:product/${t.accountId}/default`;
}

/** ASFF's longest `Id`. */
const MAX_ID = 512;

/**
 * Stable per user (its ARN): a re-run updates the same finding, never adds one. An ARN on a path so
 * long the id would pass 512 characters is replaced by its SHA-256, still one id per user.
 */
export function userFindingId(t: SecurityHubTarget, userArn: string): string {
  const id = `${GENERATOR_ID}/${t.region}/${userArn}`;
  if (id.length <= MAX_ID) return id;
  return `${GENERATOR_ID}/${t.region}/sha256:${createHash('sha256').update(userArn).digest('hex')}`;
}

export function rootFindingId(t: SecurityHubTarget): string {
  return `${GENERATOR_ID}/${t.region}/arn:${t.partition}:iam::${t.accountId}:root`;
}

/** The id Security Hub's own findings give an AWS account resource. */
export function accountResourceId(accountId: string): string {
  return `AWS::::Account:${accountId}`;
}

const LABELS: Readonly<Record<Severity, AsffSeverity['Label']>> = { critical: 'CRITICAL', high: 'HIGH' };

function severity(s: Severity): AsffSeverity {
  return { Label: LABELS[s], Original: s };
}

export function capped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Worded like a control ("X should have MFA"), so one title reads right on the open finding and on
 * the same finding once it is resolved.
 */
export function userFindingTitle(userName: string): string {
  return capped(`IAM user ${userName} should have MFA for console sign-in`, 256);
}

export function rootFindingTitle(accountId: string): string {
  return `The root user of account ${accountId} should have MFA`;
}

/** When the finding was first imported, and now. */
export interface FindingTimes {
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The open (FAILED, ACTIVE) finding of one console user without MFA. */
export function userFinding(t: SecurityHubTarget, v: Violation, times: FindingTimes): AsffFinding {
  const sev = severity(v.severity);
  return {
    ...header(t, userFindingId(t, v.arn), times),
    Severity: sev,
    FindingProviderFields: { Severity: sev, Types: FINDING_TYPES },
    Title: userFindingTitle(v.userName),
    Description: capped(
      `${v.reason}. Anyone with this password alone can sign in as ${v.userName}.`,
      MAX_DESCRIPTION,
    ),
    Remediation: {
      Recommendation: {
        Text: capped(
          `Assign an MFA device to ${v.userName} (IAM console > Users > ${v.userName} > Security credentials > ` +
            'Assign MFA device), or delete the console password if the user does not need the console. ' +
            "Durable fix: AWS's self-service MFA policy, which denies everything but enrolling MFA until " +
            'the user signs in with MFA.',
          MAX_RECOMMENDATION,
        ),
        Url: USER_REMEDIATION_URL,
      },
    },
    ProductFields: {
      'mfa-auditor/Severity': v.severity,
      'mfa-auditor/PasswordLastUsed': v.passwordLastUsed ?? 'never',
      ...(v.passwordCreated ? { 'mfa-auditor/PasswordCreated': v.passwordCreated } : {}),
      'mfa-auditor/PasswordResetRequired': String(v.passwordResetRequired),
    },
    Resources: [
      {
        Type: 'AwsIamUser',
        Id: v.arn,
        Partition: t.partition,
        Region: t.region,
        Details: {
          AwsIamUser: {
            UserName: v.userName,
            ...(v.path === undefined ? {} : { Path: v.path }),
            ...(v.userId === undefined ? {} : { UserId: v.userId }),
            CreateDate: v.createDate,
          },
        },
      },
    ],
    Compliance: { Status: 'FAILED', RelatedRequirements: USER_REQUIREMENTS },
    RecordState: 'ACTIVE',
  };
}

/** The open finding of a root user without MFA. */
export function rootFinding(t: SecurityHubTarget, root: RootStatus, times: FindingTimes): AsffFinding {
  const sev = severity(root.severity ?? 'critical');
  return {
    ...header(t, rootFindingId(t), times),
    Severity: sev,
    FindingProviderFields: { Severity: sev, Types: FINDING_TYPES },
    Title: rootFindingTitle(t.accountId),
    Description: capped(
      `${root.reason}${root.passwordLastUsed ? ` (password last used ${root.passwordLastUsed.slice(0, 10)})` : ''}.`,
      MAX_DESCRIPTION,
    ),
    Remediation: {
      Recommendation: {
        Text:
          'Sign in as the root user and assign an MFA device (account name menu > Security credentials > ' +
          'Assign MFA device); prefer a hardware key or passkey kept by more than one person.',
        Url: ROOT_REMEDIATION_URL,
      },
    },
    ProductFields: {
      'mfa-auditor/Severity': root.severity ?? 'critical',
      'mfa-auditor/PasswordLastUsed': root.passwordLastUsed ?? 'unknown',
    },
    Resources: [
      { Type: 'AwsAccount', Id: accountResourceId(t.accountId), Partition: t.partition, Region: t.region },
    ],
    Compliance: { Status: 'FAILED', RelatedRequirements: ROOT_REQUIREMENTS },
    RecordState: 'ACTIVE',
  };
}

export function header(t: SecurityHubTarget, id: string, times: FindingTimes) {
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: id,
    ProductArn: productArn(t),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: GENERATOR_ID,
    AwsAccountId: t.accountId,
    Region: t.region,
    Types: FINDING_TYPES,
    CreatedAt: times.createdAt,
    UpdatedAt: times.updatedAt,
  } as const;
}
