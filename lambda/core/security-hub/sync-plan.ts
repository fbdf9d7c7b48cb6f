import type { AuditReport } from '../types';
import type { AsffFinding, AsffResource, SecurityHubTarget } from './asff';
import {
  accountResourceId,
  capped,
  FINDING_TYPES,
  GENERATOR_ID,
  header,
  productArn,
  ROOT_REMEDIATION_URL,
  ROOT_REQUIREMENTS,
  rootFinding,
  rootFindingId,
  rootFindingTitle,
  USER_REMEDIATION_URL,
  USER_REQUIREMENTS,
  userFinding,
  userFindingId,
  userFindingTitle,
} from './asff';

/**
 * A finding as GetFindings returned it, reduced to what the plan reads. Everything but `Id` may be
 * missing: Security Hub holds whatever anyone imported, and a finding this product did not write
 * (another generator, account or product) is never touched.
 */
export interface ExistingFinding {
  readonly Id: string;
  readonly CreatedAt?: string;
  readonly UpdatedAt?: string;
  readonly GeneratorId?: string;
  readonly AwsAccountId?: string;
  readonly ProductArn?: string;
  readonly RecordState?: string;
  readonly Resources?: readonly {
    readonly Type?: string;
    readonly Id?: string;
    readonly Details?: {
      readonly AwsIamUser?: {
        readonly UserName?: string;
        readonly Path?: string;
        readonly UserId?: string;
        readonly CreateDate?: string;
      };
    };
  }[];
}

/** An open finding left exactly as it was, and why. */
export interface KeptFinding {
  readonly findingId: string;
  /** The user it is about; null for the root user's finding. */
  readonly userName: string | null;
  readonly why: string;
}

/** What one full audit changes in Security Hub. */
export interface SyncPlan {
  /** One FAILED, ACTIVE finding per violation (and the root user's): created, or updated in place. */
  readonly open: readonly AsffFinding[];
  /** Open findings whose user is now compliant: PASSED and ARCHIVED. */
  readonly resolve: readonly AsffFinding[];
  /** Open findings of users (or the root user) this audit could not check: untouched. */
  readonly kept: readonly KeptFinding[];
}

/**
 * The findings to import after a full audit (`scope` account, not `failed`), given the open findings
 * Security Hub holds. A user is resolved only when this audit judged them and found no violation
 * (MFA assigned, no console password, deleted, or validly exempted). Kept as they were: a user whose
 * check failed (matched by name, ARN or IAM id, so a renamed user is still recognised), and a user
 * inside the grace period (not a violation yet, not compliant either). `existing` complete: false
 * means the open findings could not all be read, so none is resolved (that needs the whole list).
 */
export function planSecurityHubSync(
  report: AuditReport,
  t: SecurityHubTarget,
  existing: { readonly findings: readonly ExistingFinding[]; readonly complete: boolean },
  now: Date,
): SyncPlan {
  if (report.scope.kind !== 'account' || report.status === 'failed') {
    throw new Error('planSecurityHubSync needs a full audit that ran (scope account, status not failed)');
  }
  const ours = existing.findings.filter((f) => isOpenFindingOf(f, t));
  // Security Hub ignores an update older than the finding's UpdatedAt, without an error: a clock
  // behind the last writer's (a laptop, another deployment) must still move it forward.
  const updatedAt = new Date(
    Math.max(now.getTime(), ...ours.map((f) => Date.parse(f.UpdatedAt ?? '') + 1).filter(Number.isFinite)),
  ).toISOString();
  const createdAt = new Map(ours.map((f) => [f.Id, f.CreatedAt ?? updatedAt]));
  const times = (id: string) => ({ createdAt: createdAt.get(id) ?? updatedAt, updatedAt });

  const open = report.violations.map((v) => userFinding(t, v, times(userFindingId(t, v.arn))));
  if (report.root?.violation) open.push(rootFinding(t, report.root, times(rootFindingId(t))));
  const stillOpen = new Set(open.map((f) => f.Id));

  const unchecked = uncheckedUsers(report);
  const pendingArns = new Set(report.pending.map((p) => p.arn));
  const resolve: AsffFinding[] = [];
  const kept: KeptFinding[] = [];
  for (const f of ours) {
    if (stillOpen.has(f.Id)) continue;
    const isRoot = f.Id === rootFindingId(t);
    const userName = isRoot ? null : userNameOf(f);
    const keep = (why: string) => kept.push({ findingId: f.Id, userName, why });
    if (!existing.complete) keep('the open findings could not all be read, so none was resolved');
    else if (isRoot && report.root === null) keep("the root user's MFA could not be checked");
    else if (!isRoot && userName === null) keep('the finding names no IAM user');
    else if (!isRoot && unchecked(f, userName)) keep('this user could not be checked');
    else if (!isRoot && pendingArns.has(f.Resources?.[0]?.Id ?? '')) {
      keep(
        "the user's console password is inside the grace period: not a violation yet, not compliant either",
      );
    } else {
      resolve.push(resolved(t, f, isRoot ? rootResolution() : userResolution(report, f), updatedAt));
    }
  }
  return { open, resolve, kept };
}

/**
 * Whether a finding is about a user this audit could not check: the same name (any case), ARN or
 * IAM user id as an error's. The id survives a rename (UpdateUser), the name a re-creation.
 */
function uncheckedUsers(report: AuditReport): (f: ExistingFinding, userName: string | null) => boolean {
  const names = new Set<string>();
  const arns = new Set<string>();
  const ids = new Set<string>();
  for (const e of report.errors) {
    if (e.userName !== null) names.add(e.userName.toLowerCase());
    if (e.arn) arns.add(e.arn);
    if (e.userId) ids.add(e.userId);
  }
  return (f, userName) => {
    const r = f.Resources?.[0];
    const id = r?.Details?.AwsIamUser?.UserId;
    return (
      (userName !== null && names.has(userName.toLowerCase())) ||
      (r?.Id !== undefined && arns.has(r.Id)) ||
      (id !== undefined && ids.has(id))
    );
  };
}

/** Ours, for this account and region, and open: what GetFindings was asked for, checked again here. */
function isOpenFindingOf(f: ExistingFinding, t: SecurityHubTarget): boolean {
  return (
    f.GeneratorId === GENERATOR_ID &&
    f.AwsAccountId === t.accountId &&
    f.ProductArn === productArn(t) &&
    f.RecordState === 'ACTIVE' &&
    f.Id.startsWith(`${GENERATOR_ID}/${t.region}/`)
  );
}

function userNameOf(f: ExistingFinding): string | null {
  const resource = f.Resources?.[0];
  if (resource?.Type !== 'AwsIamUser') return null;
  // A user name cannot contain '/': the ARN's last segment is the name, whatever the path.
  return resource.Details?.AwsIamUser?.UserName ?? resource.Id?.split('/').pop() ?? null;
}

interface Resolution {
  readonly why: string;
}

function rootResolution(): Resolution {
  return { why: 'the root user has MFA enabled' };
}

function userResolution(report: AuditReport, f: ExistingFinding): Resolution {
  const arn = f.Resources?.[0]?.Id;
  const exempt = report.exempted.find((e) => e.arn === arn);
  if (exempt) return { why: `the user is exempted until ${exempt.until} (${exempt.reason})` };
  return {
    why: 'the user has an MFA device, has no console password, or no longer exists',
  };
}

/** The same finding, PASSED and ARCHIVED, saying why. */
function resolved(t: SecurityHubTarget, f: ExistingFinding, r: Resolution, updatedAt: string): AsffFinding {
  const isRoot = f.Id === rootFindingId(t);
  const userName = userNameOf(f) ?? 'unknown';
  const sev = { Label: 'INFORMATIONAL', Original: 'resolved' } as const;
  const resource = resourceOf(t, f);
  return {
    ...header(t, f.Id, { createdAt: f.CreatedAt ?? updatedAt, updatedAt }),
    Severity: sev,
    FindingProviderFields: { Severity: sev, Types: FINDING_TYPES },
    Title: isRoot ? rootFindingTitle(t.accountId) : userFindingTitle(userName),
    Description: capped(`Resolved at ${updatedAt}: ${r.why}.`, 1024),
    Remediation: {
      Recommendation: {
        Text: 'Nothing to do: this audit found no violation.',
        Url: isRoot ? ROOT_REMEDIATION_URL : USER_REMEDIATION_URL,
      },
    },
    ProductFields: { 'mfa-auditor/ResolvedBecause': r.why },
    Resources: [resource],
    Compliance: { Status: 'PASSED', RelatedRequirements: isRoot ? ROOT_REQUIREMENTS : USER_REQUIREMENTS },
    RecordState: 'ARCHIVED',
  };
}

function resourceOf(t: SecurityHubTarget, f: ExistingFinding): AsffResource {
  const r = f.Resources?.[0];
  const base = { Partition: t.partition, Region: t.region };
  if (f.Id === rootFindingId(t) || r?.Type !== 'AwsIamUser' || !r.Id) {
    return { Type: 'AwsAccount', Id: accountResourceId(t.accountId), ...base };
  }
  const u = r.Details?.AwsIamUser;
  return {
    Type: 'AwsIamUser',
    Id: r.Id,
    ...base,
    ...(u?.UserName && u.CreateDate
      ? {
          Details: {
            AwsIamUser: {
              UserName: u.UserName,
              ...(u.Path === undefined ? {} : { Path: u.Path }),
              ...(u.UserId === undefined ? {} : { UserId: u.UserId }),
              CreateDate: u.CreateDate,
            },
          },
        }
      : {}),
  };
}
