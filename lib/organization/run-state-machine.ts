import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { accountAdministersKey } from '../key-policy';
import { RESULTS_PREFIX } from './report-bucket';

/**
 * The states and the paths between them: the handlers' event types
 * (lambda/handler/organization-events.ts) read exactly these. MAP_STATE names the map in the
 * aggregation's "not audited" reasons (lambda/core/map-results.ts MAP_STATE_NAME).
 */
export const RUN_STATES = {
  list: 'ListAccounts',
  anyAccounts: 'AnyAccounts',
  map: 'AuditAccounts',
  noAccounts: 'NoAccounts',
  mapFailed: 'MapFailed',
  aggregate: 'Aggregate',
} as const;
/** Where ListAccounts' result (`{ runId, bucket, itemsKey, listingKey, accounts }`) is kept. */
export const LIST_RESULT_PATH = '$.list';
/** Where the map's output (`{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`) is kept. */
export const MAP_RESULT_PATH = '$.map';

/**
 * A whole run ends within a day, before the next daily one: 1,000 accounts at 40 at a time take
 * 25 rounds of at most 15 minutes each even if every account used its whole timeout (about 6 h).
 * A run still going then is stuck; it times out and the alarm says so.
 */
export const RUN_TIMEOUT = Duration.hours(24);

/**
 * Lambda's errors that say the invocation did not run or was refused for capacity, not that the
 * handler failed: worth retrying. The handler's own failures are not retried: a failed account is
 * reported as not audited, with its reason, by the aggregation.
 */
const LAMBDA_THROTTLED = ['Lambda.TooManyRequestsException'];

export interface RunStateMachineOptions {
  readonly bucket: s3.IBucket;
  readonly list: lambda.IFunction;
  readonly auditAccount: lambda.IFunction;
  readonly aggregate: lambda.IFunction;
  /** The Distributed Map's MaxConcurrency (the `accountConcurrency` setting). */
  readonly accountConcurrency: number;
  readonly logRetention: logs.RetentionDays;
}

export interface RunStateMachine {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly logKey: kms.Key;
}

/**
 * ListAccounts -> AnyAccounts -> AuditAccounts (Distributed Map over items.json) -> Aggregate, or
 * with no account listed AnyAccounts -> NoAccounts -> Aggregate. The account list and
 * the results go through S3 (ItemReader, ResultWriter), so 5,000 accounts never meet the 256 KiB
 * state payload limit. Child workflows are STANDARD: an EXPRESS child may run 5 minutes, an
 * account's audit up to the function's 15.
 */
export function createRunStateMachine(scope: Construct, options: RunStateMachineOptions): RunStateMachine {
  const listAccounts = new LambdaInvoke(scope, RUN_STATES.list, {
    lambdaFunction: options.list,
    payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.stringAt('$$.Execution.Name') }),
    payloadResponseOnly: true,
    resultPath: LIST_RESULT_PATH,
  });
  listAccounts.addRetry(throttlingRetry());

  const auditAccounts = new sfn.DistributedMap(scope, RUN_STATES.map, {
    itemReader: new RunItemsReader({
      bucket: options.bucket,
      // The per-execution key ListAccounts returns. S3JsonItemReader renders a JSONPath key as
      // `"Key.$"` (FieldUtils.renderObject), so no escape hatch is needed.
      key: sfn.JsonPath.stringAt(`${LIST_RESULT_PATH}.itemsKey`),
    }),
    resultWriterV2: new RunResultsWriter({ bucket: options.bucket, prefix: RESULTS_PREFIX }),
    maxConcurrency: options.accountConcurrency,
    // Every account is reported, failed or not: one broken account must never stop the others.
    toleratedFailurePercentage: 100,
    mapExecutionType: sfn.StateMachineType.STANDARD,
    label: RUN_STATES.map,
    resultPath: MAP_RESULT_PATH,
  });
  const auditAccount = new LambdaInvoke(scope, 'AuditAccount', {
    lambdaFunction: options.auditAccount,
    // The item as items.json holds it: { accountId, accountName?, runId }.
    payloadResponseOnly: true,
  });
  auditAccount.addRetry(throttlingRetry());
  auditAccounts.itemProcessor(auditAccount);

  const aggregate = new LambdaInvoke(scope, RUN_STATES.aggregate, {
    lambdaFunction: options.aggregate,
    payload: sfn.TaskInput.fromObject({
      runId: sfn.JsonPath.stringAt(`${LIST_RESULT_PATH}.runId`),
      resultWriterDetails: sfn.JsonPath.objectAt(`${MAP_RESULT_PATH}.ResultWriterDetails`),
      // The map's whole output: on MapFailed it carries the map's Error and Cause.
      map: sfn.JsonPath.objectAt(MAP_RESULT_PATH),
    }),
    payloadResponseOnly: true,
  });
  aggregate.addRetry(throttlingRetry());

  // No account listed (none under the OUs, or the listing failed and wrote an empty items.json):
  // nothing to map, and the aggregation still runs, reports and alerts. `ResultWriterDetails: null`
  // is what the aggregation reads as "the map wrote no results".
  const noAccounts = new sfn.Pass(scope, RUN_STATES.noAccounts, {
    result: sfn.Result.fromObject({ ResultWriterDetails: null }),
    resultPath: MAP_RESULT_PATH,
  });
  // The map itself can fail (its ItemReader or ResultWriter, a States.Runtime error, the map run
  // aborted): tolerated item failures do not cover that. The aggregation still runs, so every
  // account without a stored report is reported as not audited, with the map's error, and alerted.
  const mapFailed = new sfn.Pass(scope, RUN_STATES.mapFailed, {
    parameters: {
      // CDK drops a null parameter; the intrinsic gives Aggregate's `$.map.ResultWriterDetails` its null.
      'ResultWriterDetails.$': "States.StringToJson('null')",
      'Error.$': `${MAP_RESULT_PATH}.Error`,
      'Cause.$': `${MAP_RESULT_PATH}.Cause`,
    },
    resultPath: MAP_RESULT_PATH,
  });
  auditAccounts.addCatch(mapFailed.next(aggregate), { errors: ['States.ALL'], resultPath: MAP_RESULT_PATH });

  const anyAccounts = new sfn.Choice(scope, RUN_STATES.anyAccounts)
    .when(sfn.Condition.numberGreaterThan(`${LIST_RESULT_PATH}.accounts`, 0), auditAccounts.next(aggregate))
    .otherwise(noAccounts.next(aggregate));

  const { logGroup, logKey } = createRunLogGroup(scope, options.logRetention);
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    comment: 'MFA auditor organization run: list the accounts, audit each, aggregate and alert',
    definitionBody: sfn.DefinitionBody.fromChainable(listAccounts.next(anyAccounts)),
    stateMachineType: sfn.StateMachineType.STANDARD,
    timeout: RUN_TIMEOUT,
    tracingEnabled: true,
    logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
  });
  return { stateMachine, logGroup, logKey };
}

function throttlingRetry(): sfn.RetryProps {
  return {
    errors: LAMBDA_THROTTLED,
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  };
}

/**
 * The items of the run's own key only (`runs/<runId>/items.json`), instead of CDK's GetObject on
 * the whole bucket.
 */
class RunItemsReader extends sfn.S3JsonItemReader {
  override providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('runs/*/items.json')],
      }),
    ];
  }
}

/**
 * What the ResultWriter needs (AWS Step Functions Developer Guide, "ResultWriter (Map)": it
 * uploads in parts) under its prefix only, instead of CDK's same actions on the whole bucket.
 */
class RunResultsWriter extends sfn.ResultWriterV2 {
  override providePolicyStatements(): iam.PolicyStatement[] {
    if (!this.bucket) throw new Error('RunResultsWriter needs its bucket');
    return [
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects(`${RESULTS_PREFIX}/*`)],
      }),
    ];
  }
}

/**
 * The execution history with its data (each account's item and result, errors and causes), under
 * a customer-managed key that only CloudWatch Logs of this account and region may use.
 */
function createRunLogGroup(
  scope: Construct,
  retention: logs.RetentionDays,
): { logGroup: logs.LogGroup; logKey: kms.Key } {
  const stack = Stack.of(scope);
  const logsPrincipal = new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`);
  const logKey = new kms.Key(scope, 'RunLogKey', {
    description: 'Encrypts the MFA auditor organization run execution logs',
    enableKeyRotation: true,
    policy: new iam.PolicyDocument({
      statements: [
        accountAdministersKey(),
        new iam.PolicyStatement({
          sid: 'CloudWatchLogsEncrypts',
          principals: [logsPrincipal],
          // AWS's documented CloudWatch Logs statement, its wildcards spelt out.
          actions: [
            'kms:Decrypt',
            'kms:DescribeKey',
            'kms:Encrypt',
            'kms:GenerateDataKey',
            'kms:GenerateDataKeyWithoutPlaintext',
            'kms:ReEncryptFrom',
            'kms:ReEncryptTo',
          ],
          resources: ['*'],
          conditions: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
                service: 'logs',
                resource: 'log-group',
                resourceName: '*',
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            },
          },
        }),
      ],
    }),
    // The log group is retained (below); its key must outlive it, or the logs become unreadable.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const logGroup = new logs.LogGroup(scope, 'RunLogs', {
    encryptionKey: logKey,
    retention,
  });
  return { logGroup, logKey };
}
