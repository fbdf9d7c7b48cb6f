/**
 * The CloudWatch metrics the auditor emits (Embedded Metric Format), named once: the handlers emit
 * exactly these and the stack's dashboard and alarm read exactly these, so a rename on one side
 * cannot leave the other graphing a metric nobody writes.
 */

export const METRICS_NAMESPACE = 'MfaAuditor';

/**
 * The `service` dimension Powertools Metrics adds to every dimension set. Set explicitly rather
 * than from POWERTOOLS_SERVICE_NAME, so the dashboard can name it without reading the environment.
 */
export const METRICS_SERVICE = 'mfa-auditor';

export const METRIC = {
  /** IAM users with a console password and no MFA device (the audit's violations). */
  consoleUsersWithoutMfa: 'ConsoleUsersWithoutMfa',
  /** 1 when the root user has no MFA; per organization, the accounts whose root user has none. */
  rootWithoutMfa: 'RootWithoutMfa',
  /** Distinct users the audit could not check (never counted as compliant). */
  usersNotChecked: 'UsersNotChecked',
  usersExempted: 'UsersExempted',
  usersPending: 'UsersPending',
  /** Organization run: accounts not audited at all (role not assumable, audit failed, item not run). */
  accountsNotAudited: 'AccountsNotAudited',
  /** 1 when the audit could not run (then no count above is emitted), 0 when it ran. */
  auditFailed: 'AuditFailed',
  /**
   * With the `securityHub` setting: findings (or reads) that did not reach the account's Security
   * Hub, which then shows less than the audit found. Not emitted when the export is off or skipped.
   */
  securityHubErrors: 'SecurityHubErrors',
  auditDuration: 'AuditDuration',
  apiCalls: 'ApiCalls',
  apiThrottles: 'ApiThrottles',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
/** The units used, spelt as CloudWatch (and Powertools' MetricUnit) spell them. */
export type MetricUnitName = 'Count' | 'Milliseconds';

export const DIMENSION = {
  /** Added by Powertools to every set; always METRICS_SERVICE. */
  service: 'service',
  /** One deployment of the auditor (the construct names it): the set the dashboard and alarm read. */
  deployment: 'Deployment',
  accountId: 'AccountId',
  organizationId: 'OrganizationId',
} as const;

/** One dimension set, without `service` (Powertools adds it): dimension name to value. */
export type DimensionSet = Readonly<Partial<Record<(typeof DIMENSION)[keyof typeof DIMENSION], string>>>;
