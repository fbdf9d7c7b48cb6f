import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../../lambda/core/function-timeout';
import type { AlertTopic } from '../alert-topic';
import { grantPublish } from '../alert-topic';
import { addAuditPermissions, createNodejsFunction } from '../audit-function';
import { addSecurityHubPermissions } from '../security-hub-access';
import type { StateTable } from '../state-table';
import { grantStateAccess } from '../state-table';

/**
 * The Organizations calls of the listing (lambda/aws/organizations.ts: DescribeOrganization, then
 * ListAccountsForParent and ListOrganizationalUnitsForParent down every target root or OU).
 */
export const LIST_ORGANIZATIONS_ACTIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
];

/** One function of the organization run, with its own role and log group. */
export interface RunFunction {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

export interface RunFunctions {
  /** State ListAccounts: lambda/handler/org-list-accounts.ts. */
  readonly list: RunFunction;
  /**
   * The map's item (lambda/handler/org-audit-account.ts), also the organization's IAM re-check.
   * Its role is THE auditor role: the one role every member account's read role trusts.
   */
  readonly auditAccount: RunFunction;
  /** State Aggregate: lambda/handler/org-aggregate.ts. */
  readonly aggregate: RunFunction;
}

export interface RunFunctionsOptions {
  /** functionEnvironment() of the settings, with REPORT_BUCKET. */
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly bucket: s3.IBucket;
  readonly alerts: AlertTopic;
  /** Only in `notify: changes` mode. */
  readonly state?: StateTable;
  /** The member accounts' read role (the `memberRoleName` setting). */
  readonly memberRoleName: string;
  /** The `securityHub` setting: the account function imports this account's findings. */
  readonly securityHub: boolean;
}

/**
 * The three functions of the organization run. Each role holds exactly the calls of its handler,
 * each at its narrowest resource: the bucket's keys are those of lambda/core/organization-run.ts.
 */
export function createRunFunctions(scope: Construct, options: RunFunctionsOptions): RunFunctions {
  const { bucket } = options;
  const timeout = Duration.seconds(AUDIT_FUNCTION_TIMEOUT_SECONDS);

  const list = runFunction(scope, 'ListAccountsFunction', options, {
    description: 'MFA auditor organization run: lists the ACTIVE accounts under the target OUs',
    entry: 'org-list-accounts.ts',
    // Thousands of accounts under nested OUs at Organizations' few requests a second; the handler
    // stops before the timeout and records the error, so the aggregation reports the run failed.
    timeout,
    memorySize: 256,
    // One listing at a time: runs overlap only when one is far behind, and need not race.
    reservedConcurrentExecutions: 1,
  });
  list.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListOrganization',
      actions: LIST_ORGANIZATIONS_ACTIONS,
      // Organizations resources are named by the organization's id, which synth does not know, and
      // the walk descends into OUs created later: "*" (the calls only read the organization's tree).
      resources: ['*'],
    }),
  );
  list.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteRunListing',
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('runs/*/items.json'), bucket.arnForObjects('runs/*/listing.json')],
    }),
  );

  const auditAccount = runFunction(scope, 'AuditAccountFunction', options, {
    description:
      'MFA auditor organization run: audits one account through its member role; IAM event re-checks',
    entry: 'org-audit-account.ts',
    // The single-account audit's budget (lib/audit-function.ts): one account of 5,000 users.
    timeout,
    memorySize: 256,
    // No reserved concurrency: the map's MaxConcurrency (accountConcurrency) bounds the run, and
    // reserving that many would take it from the account's pool even between runs (a new account's
    // limit of 10 would refuse the deployment).
    // A failed re-check has published its failure notice and fires the error alarm; a re-run
    // would repeat both.
    retryAttempts: 0,
  });
  addAuditPermissions(auditAccount.role);
  // This account's own findings; a member's are imported through its member role.
  if (options.securityHub) addSecurityHubPermissions(auditAccount.role);
  auditAccount.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'AssumeMemberReadRole',
      actions: ['sts:AssumeRole'],
      // The member role in any account: the accounts under the OUs are not known at synth and
      // change as accounts join. Each member role trusts only this role (member-role-stack.ts).
      resources: [`arn:${Aws.PARTITION}:iam::*:role/${options.memberRoleName}`],
    }),
  );
  auditAccount.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteAccountReport',
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('runs/*/accounts/*')],
    }),
  );

  const aggregate = runFunction(scope, 'AggregateFunction', options, {
    description: 'MFA auditor organization run: builds the organization report and alerts',
    entry: 'org-aggregate.ts',
    // Reads every account's report (5,000 accounts: 5,000 GetObject calls) and delivers the alerts.
    timeout,
    // Holds every account's report at once to build the organization report; CPU scales with it.
    memorySize: 1024,
    // One aggregation at a time: two would read and write the same accounts' alert state.
    reservedConcurrentExecutions: 1,
  });
  aggregate.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadRun',
      actions: ['s3:GetObject'],
      // The listing, the items, each account's report and the map's manifest and result files.
      resources: [bucket.arnForObjects('runs/*')],
    }),
  );
  aggregate.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'TellMissingReports',
      // Without it S3 answers GetObject for a missing key with AccessDenied instead of NoSuchKey,
      // and an account the map never audited would read as "report unreadable" instead of showing
      // the map's own reason (lambda/aws/report-store.ts isMissingObject). Lists nothing the role
      // cannot already read: the bucket holds only runs/.
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
    }),
  );
  aggregate.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteOrganizationReport',
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('runs/*/organization-report.json')],
    }),
  );

  // Alerts: the aggregation's organization alert, the account function's re-check alerts.
  grantPublish(options.alerts, auditAccount.role);
  grantPublish(options.alerts, aggregate.role);
  if (options.state) {
    grantStateAccess(options.state, auditAccount.role, 'AccountFunctionUsesKeyViaDynamoDB');
    grantStateAccess(options.state, aggregate.role, 'AggregateFunctionUsesKeyViaDynamoDB');
  }
  return { list, auditAccount, aggregate };
}

interface RunFunctionProps {
  readonly description: string;
  readonly entry: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number;
  readonly retryAttempts?: number;
}

function runFunction(
  parent: Construct,
  id: string,
  options: RunFunctionsOptions,
  props: RunFunctionProps,
): RunFunction {
  const scope = new Construct(parent, id);
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: options.logRetention });
  // Hand-written instead of AWSLambdaBasicExecutionRole, which may write to every log group.
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.description,
  });
  logGroup.grantWrite(role);
  const fn = createNodejsFunction(scope, 'Function', {
    ...props,
    role,
    logGroup,
    environment: options.environment,
  });
  return { fn, role, logGroup };
}
