import * as path from 'node:path';
import { Aws, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../lambda/core/function-timeout';
import { AUDITOR_IAM_ACTIONS } from './iam-actions';

const PROJECT_ROOT = path.join(__dirname, '..');

/**
 * Every IAM user of the account, whatever its path. Pseudo parameters rather than the stack's
 * partition and account, so the policy (and its cdk-nag acknowledgement) reads the same in any
 * environment.
 */
export const USERS_ARN = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/*`;

export interface AuditFunctionOptions {
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
}

export interface AuditFunction {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

export function createAuditFunction(scope: Construct, options: AuditFunctionOptions): AuditFunction {
  const logGroup = new logs.LogGroup(scope, 'FunctionLogs', { retention: options.logRetention });
  // Hand-written instead of AWSLambdaBasicExecutionRole, which may write to every log group.
  const role = new iam.Role(scope, 'FunctionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'MFA auditor function: read-only IAM audit, publish findings',
  });
  logGroup.grantWrite(role);
  addAuditPermissions(role);

  const fn = createNodejsFunction(scope, 'Function', {
    description: 'Finds IAM users with a console password and no MFA device',
    entry: 'handler.ts',
    // Worst case: 5,000 users, all violating. GetLoginProfile + ListMFADevices is ~10,000 IAM calls,
    // ~500 s at IAM's ~20 requests/s account-wide rate; the exemption-tag read (ListUserTags) for
    // each violator adds up to 5,000 more, plus throttling back-off and the credential report wait.
    timeout: Duration.seconds(AUDIT_FUNCTION_TIMEOUT_SECONDS),
    // Peak RSS at 5,000 users fits a 128 MB function's Node flags (figures: bench/RESULTS.md);
    // 256 MB leaves headroom for larger accounts and buys CPU (Lambda scales
    // CPU with memory) for TLS handshakes and JSON/CSV parsing, which is where the time goes.
    memorySize: 256,
    // One audit at a time: two overlapping runs would double IAM's throttling and the alerts.
    reservedConcurrentExecutions: 1,
    // A failed audit has already published its failure notice and fires the error alarm; an
    // immediate automatic re-run would hit the same throttling and repeat the notice.
    retryAttempts: 0,
    role,
    logGroup,
    environment: options.environment,
  });
  return { fn, role, logGroup };
}

export interface AuditorFunctionProps {
  readonly description: string;
  /** The handler file under lambda/handler/ (export `handler`). */
  readonly entry: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly reservedConcurrentExecutions?: number;
  readonly retryAttempts?: number;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly environment: Record<string, string>;
}

/**
 * A function of the auditor, built the same way for every handler: Node.js 24 on arm64, the AWS
 * SDK bundled in, its own role and log group.
 */
export function createNodejsFunction(
  scope: Construct,
  id: string,
  props: AuditorFunctionProps,
): NodejsFunction {
  return new NodejsFunction(scope, id, {
    description: props.description,
    entry: path.join(PROJECT_ROOT, 'lambda', 'handler', props.entry),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    timeout: props.timeout,
    memorySize: props.memorySize,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    retryAttempts: props.retryAttempts,
    role: props.role,
    logGroup: props.logGroup,
    environment: props.environment,
    bundling: {
      minify: true,
      sourceMap: false,
      format: OutputFormat.CJS,
      // Bundle the AWS SDK too: the function runs the SDK version the tests ran, not whatever
      // version the runtime ships that month.
      externalModules: [],
      // No Docker engine is assumed: esbuild is a dev dependency and bundles locally.
      forceDockerBundling: false,
    },
  });
}

/** The audit's read-only IAM access (lib/iam-actions.ts), each action at its narrowest resource. */
export function addAuditPermissions(role: iam.Role): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadAccountWide',
      actions: [...AUDITOR_IAM_ACTIONS.accountWide],
      // These actions have no resource type in IAM: "*" is the only resource they accept.
      resources: ['*'],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadEveryUser',
      actions: [...AUDITOR_IAM_ACTIONS.perUser],
      resources: [USERS_ARN],
    }),
  );
}
