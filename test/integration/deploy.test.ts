/**
 * The stack deploys, on the emulator (issue 11, part 8).
 *
 * A fresh moto server; the repository's pinned cdk CLI runs the README's commands against it:
 * `cdk bootstrap aws://123456789012/us-east-1`, then `cdk deploy` of the real app (bin/app.ts through
 * cdk.json) with an alert email and Slack ids. The deployed resources are read back through the SDK
 * and compared with what README.md promises; the deployed function's code is downloaded from the
 * bootstrap bucket and its handler run, with the deployed environment, against the same moto.
 *
 * What moto (5.2.5) cannot do, and what covers it instead:
 * - It creates no resource of these types (CloudFormation reports them CREATE_COMPLETE, without a
 *   type or a physical id): each is asserted on the template this very deploy synthesised, below
 *   (`MOTO_SKIPS`), and in depth in test/lib/mfa-auditor.test.ts.
 * - It ignores the function's arm64 architecture (reports x86_64) and the table's KMS encryption
 *   and point-in-time recovery: template assertions again.
 * - It returns no stack outputs for a stack created through a change set (what `cdk deploy`
 *   does): the outputs are resolved from the template against the deployed physical ids.
 * - It cannot run function code (Lambda needs Docker): the bundle's handler runs in a Node process
 *   here, as Lambda would load it, with the deployed function's environment.
 * - A stack update through a change set fails on moto, so every run deploys to a fresh server.
 * - The endpoint must be `http://localhost:PORT`: with `127.0.0.1`, moto reads the S3 bucket from
 *   the host name and the change set fails ("The specified bucket does not exist").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { StackResource } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListEntitiesForPolicyCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetKeyRotationStatusCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { GetFunctionCommandOutput } from '@aws-sdk/client-lambda';
import { GetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { selfServiceMfaPolicyDocument } from '../../lib/self-service-mfa-policy';
import type { MotoServer } from '../../tools/moto/moto-server';
import { startMotoServer } from '../../tools/moto/moto-server';
import { ensureMotoVenv } from '../../tools/moto/python-venv';
import type { Clients } from '../../tools/moto/clients';
import {
  clientsFor,
  destroyClients,
  DUMMY_CREDENTIALS,
  MOTO_ACCOUNT_ID,
  REGION,
} from '../../tools/moto/clients';
import { cdkEnvironment, runCdk } from './support/cdk-cli';
import { deliveredViolators, parseDeliveredReports } from './support/delivered-report';
import type { DeployedFunction } from './support/deployed-function';
import { fetchZipFromS3, invokeDeployed } from './support/deployed-function';
import type { SeedUser } from '../../tools/moto/iam-seed';
import { createLoginProfile, createUser, seedUsers } from '../../tools/moto/iam-seed';
import { localhostAddress } from './support/localhost';
import { receiveDelivered } from '../../tools/moto/sns-capture';
import { allFindings } from '../../tools/moto/security-hub';

const REPO_ROOT = resolve(__dirname, '..', '..');
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const STACK = 'MfaAuditor';
/** The README's Deploy and Slack commands, as one deploy. */
const ALERT_EMAIL = 'sec@example.com';
const SLACK = { workspaceId: 'T0123ABCD', channelId: 'C0456EFGH' };
/** Budget for the whole setup; jest's own limit below is the backstop. */
const BOOTSTRAP_TIMEOUT_MS = 40_000;
const DEPLOY_TIMEOUT_MS = 65_000;

/**
 * The resource types moto 5.2.5 silently skips, each with the assertion on the deployed template
 * that stands in for reading it back (see `template assertions for what moto skips` below).
 */
const MOTO_SKIPS = [
  'AWS::Scheduler::Schedule',
  'AWS::CloudWatch::Alarm',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Chatbot::SlackChannelConfiguration',
] as const;
/**
 * CDK's version-reporting resource: moto skips it too, and real CloudFormation creates nothing
 * behind it either. Kept, because the README's command deploys it.
 */
const CDK_METADATA = 'AWS::CDK::Metadata';

// Users of the account under audit: two without MFA, two that are fine.
const SEED: readonly SeedUser[] = [
  { name: 'dana.no-mfa', password: 'active' },
  { name: 'eve.deactivated', password: 'active', mfa: 'deactivated' },
  { name: 'carol.virtual', password: 'active', mfa: 'virtual' },
  { name: 'svc-build' },
];
const VIOLATORS = ['dana.no-mfa', 'eve.deactivated'];

interface Deployment {
  readonly moto: MotoServer;
  /** What cdk used: `http://localhost:PORT`. */
  readonly cdkEndpoint: string;
  readonly workDir: string;
  readonly python: string;
  readonly template: Template;
  readonly templateJson: {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  readonly stackStatus: string;
  readonly stackArn: string;
  readonly resources: readonly StackResource[];
}

const fileStarted = Date.now();
let deployment: Deployment | undefined;
/** What was checked, for the summary printed after the file. */
const checked: string[] = [];
const note = (line: string): void => void checked.push(line);

function deployed(): Deployment {
  if (!deployment) throw new Error('the stack was not deployed: see the error of beforeAll above');
  return deployment;
}

type AwsClients = Clients & {
  readonly cfn: CloudFormationClient;
  readonly lambda: LambdaClient;
  readonly kms: KMSClient;
  readonly events: EventBridgeClient;
  readonly dynamodb: DynamoDBClient;
};
let clients: AwsClients | undefined;

/** Explicitly configured clients on the test's moto (never from process.env). */
function sdk(): AwsClients {
  if (!clients) throw new Error('the stack was not deployed: see the error of beforeAll above');
  return clients;
}

function createClients(endpoint: string): AwsClients {
  const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 3 };
  return {
    ...clientsFor(endpoint),
    cfn: new CloudFormationClient(config),
    lambda: new LambdaClient(config),
    kms: new KMSClient(config),
    events: new EventBridgeClient(config),
    dynamodb: new DynamoDBClient(config),
  };
}

function destroyAll(c: AwsClients): void {
  destroyClients(c);
  for (const client of [c.cfn, c.lambda, c.kms, c.events, c.dynamodb]) client.destroy();
}

beforeAll(async () => {
  const started = Date.now();
  // moto must listen where `localhost` leads (see support/localhost.ts).
  const host = await localhostAddress();
  const moto = await startMotoServer({ host });
  const workDir = mkdtempSync(join(tmpdir(), 'mfa-auditor-deploy-'));
  try {
    const cdkEndpoint = `http://localhost:${moto.port}`;
    const env = cdkEnvironment(cdkEndpoint, workDir);
    const common = ['--no-notices'];
    // Bootstrapping a named environment needs no app: run outside the repository so the app is
    // not synthesised twice.
    const bootstrap = await runCdk(['bootstrap', `aws://${MOTO_ACCOUNT_ID}/${REGION}`, ...common], {
      cwd: workDir,
      env,
      timeoutMs: BOOTSTRAP_TIMEOUT_MS,
    });
    const outDir = join(workDir, 'cdk.out');
    const deploy = await runCdk(
      [
        'deploy',
        '-c',
        `alertEmails=${ALERT_EMAIL}`,
        '-c',
        `slackWorkspaceId=${SLACK.workspaceId}`,
        '-c',
        `slackChannelId=${SLACK.channelId}`,
        // Findings also go to Security Hub: the deployed role and bundle must do that too.
        '-c',
        'securityHub=true',
        '--require-approval',
        'never',
        '--output',
        outDir,
        ...common,
      ],
      { cwd: REPO_ROOT, env, timeoutMs: DEPLOY_TIMEOUT_MS },
    );
    const templateJson = JSON.parse(
      readFileSync(join(outDir, `${STACK}.template.json`), 'utf8'),
    ) as Deployment['templateJson'];
    clients = createClients(moto.endpoint);
    const { cfn } = clients;
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    const resources =
      (await cfn.send(new DescribeStackResourcesCommand({ StackName: STACK }))).StackResources ?? [];
    deployment = {
      moto,
      cdkEndpoint,
      workDir,
      python: (await ensureMotoVenv()).python,
      template: Template.fromJSON(templateJson),
      templateJson,
      stackStatus: stack?.StackStatus ?? 'NO STACK',
      stackArn: stack?.StackId ?? '',
      resources,
    };
    note(
      `setup ${((Date.now() - started) / 1000).toFixed(1)} s: moto on ${moto.endpoint}, ` +
        `cdk bootstrap ${bootstrap.seconds.toFixed(1)} s, cdk deploy ${deploy.seconds.toFixed(1)} s via ${cdkEndpoint}`,
    );
  } catch (err) {
    if (clients) destroyAll(clients);
    clients = undefined;
    await moto.stop();
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
}, 110_000);

afterAll(async () => {
  if (clients) destroyAll(clients);
  await deployment?.moto.stop();
  if (deployment) rmSync(deployment.workDir, { recursive: true, force: true });
  const status = deployment?.stackStatus ?? 'NOT DEPLOYED';
  const seconds = ((Date.now() - fileStarted) / 1000).toFixed(1);
  process.stdout.write(
    `\nDeploy test (moto), ${seconds} s: stack ${STACK} ${status}\n${checked.map((c) => `  - ${c}`).join('\n')}\n`,
  );
});

/** Physical id of the one resource of `type` (whose logical id contains `hint`, when given). */
function physicalId(type: string, hint = ''): string {
  const found = deployed().resources.filter(
    (r) => r.ResourceType === type && (r.LogicalResourceId ?? '').includes(hint),
  );
  if (found.length !== 1 || !found[0]?.PhysicalResourceId) {
    throw new Error(`expected one deployed ${type}${hint && ` (${hint})`}, found ${found.length}`);
  }
  return found[0].PhysicalResourceId;
}

/** Resolves an output value of the template against the deployed physical ids. */
function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (v.Ref) {
    const r = deployed().resources.find((x) => x.LogicalResourceId === v.Ref);
    if (!r?.PhysicalResourceId) throw new Error(`output refers to ${v.Ref}, which was not deployed`);
    return r.PhysicalResourceId;
  }
  if (v['Fn::Join']) return v['Fn::Join'][1].map(resolveValue).join(v['Fn::Join'][0]);
  throw new Error(`cannot resolve output value ${JSON.stringify(value)}`);
}

/** `default` column of the README's Configure table, by context key. */
function readmeDefault(key: string): string {
  const row = new RegExp(`^\\|\\s*\`${key}\`\\s*\\|\\s*([^|]+?)\\s*\\|`, 'm').exec(README);
  if (!row?.[1]) throw new Error(`README.md's Configure table has no row for \`${key}\``);
  return row[1].replace(/`/g, '');
}

describe('cdk bootstrap and cdk deploy on a fresh moto', () => {
  test('the stack reaches CREATE_COMPLETE in us-east-1; every resource is created or a known moto gap', () => {
    const d = deployed();
    expect(d.stackStatus).toBe('CREATE_COMPLETE');
    expect(d.stackArn).toMatch(
      new RegExp(`^arn:aws:cloudformation:us-east-1:${MOTO_ACCOUNT_ID}:stack/${STACK}/`),
    );

    const templateIds = Object.keys(d.templateJson.Resources).sort();
    const created = d.resources.filter((r) => r.LogicalResourceId).map((r) => r.LogicalResourceId as string);
    for (const r of d.resources) expect(r.ResourceStatus).toBe('CREATE_COMPLETE');
    // Everything moto created is in the template, and nothing of the template is missing but
    // the types moto is known to skip (moto lists those as members without type or id).
    expect(created.filter((id) => !templateIds.includes(id))).toEqual([]);
    const missing = templateIds.filter((id) => !created.includes(id));
    const missingTypes = [...new Set(missing.map((id) => d.templateJson.Resources[id]?.Type))].sort();
    expect(missingTypes).toEqual([...MOTO_SKIPS, CDK_METADATA].sort());
    expect(d.resources).toHaveLength(templateIds.length);
    note(
      `stack ${STACK} ${d.stackStatus}: ${created.length} of ${templateIds.length} resources created on moto, ` +
        `${missing.length} skipped by moto (${missingTypes.join(', ')})`,
    );
  });

  test('outputs: the topic ARN, the function name, a ready dry-run command and the enforcement policy', () => {
    // moto records no outputs for a change-set deploy: resolve the template's against what deployed.
    const outputs = (deployed().templateJson as unknown as { Outputs: Record<string, { Value: unknown }> })
      .Outputs;
    expect(Object.keys(outputs).sort()).toEqual([
      'DryRunCommand',
      'EnforcePolicyArn',
      'FunctionName',
      'TopicArn',
    ]);
    const fnName = physicalId('AWS::Lambda::Function');
    expect(resolveValue(outputs.TopicArn?.Value)).toBe(physicalId('AWS::SNS::Topic'));
    expect(resolveValue(outputs.FunctionName?.Value)).toBe(fnName);
    expect(resolveValue(outputs.DryRunCommand?.Value)).toBe(
      `aws lambda invoke --region us-east-1 --function-name ${fnName} ` +
        `--cli-binary-format raw-in-base64-out --payload '{"dryRun":true}' /dev/stdout`,
    );
    expect(resolveValue(outputs.EnforcePolicyArn?.Value)).toBe(physicalId('AWS::IAM::ManagedPolicy'));
    note(
      'outputs TopicArn, FunctionName, DryRunCommand, EnforcePolicyArn name the deployed topic, function and policy',
    );
  });
});

describe('deployed resources read back through the SDK match the README', () => {
  let fn: GetFunctionCommandOutput;
  beforeAll(async () => {
    if (!deployment) return;
    fn = await sdk().lambda.send(
      new GetFunctionCommand({ FunctionName: physicalId('AWS::Lambda::Function') }),
    );
  });

  test('function: Node.js 24, 900 s, 256 MB, one at a time, its own role; arm64 in the template', () => {
    const c = fn.Configuration;
    expect(c).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 256,
      Role: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${physicalId('AWS::IAM::Role', 'FunctionRole')}`,
    });
    expect(fn.Concurrency?.ReservedConcurrentExecutions).toBe(1);
    // moto reports x86_64 whatever was asked.
    deployed().template.hasResourceProperties('AWS::Lambda::Function', { Architectures: ['arm64'] });
    note(
      `Lambda ${c?.FunctionName}: ${c?.Runtime}, ${c?.Timeout} s, ${c?.MemorySize} MB, reserved concurrency 1`,
    );
  });

  test('function environment: the README defaults, the deployed topic and state table', () => {
    const env = fn.Configuration?.Environment?.Variables ?? {};
    expect(env).toMatchObject({
      TOPIC_ARN: physicalId('AWS::SNS::Topic'),
      STATE_TABLE: physicalId('AWS::DynamoDB::Table'),
      STRATEGY: readmeDefault('strategy'),
      DRY_RUN: readmeDefault('dryRun'),
      NOTIFY: readmeDefault('notify'),
      DIGEST_DAYS: readmeDefault('digestDays'),
      GRACE_PERIOD_HOURS: readmeDefault('gracePeriodHours'),
      MAX_EXEMPTION_DAYS: readmeDefault('maxExemptionDays'),
      CRITICAL_IF_USED_WITHIN_DAYS: readmeDefault('criticalIfUsedWithinDays'),
      ENFORCEMENT: readmeDefault('enforcement'),
    });
    // Enforcement is off by default: nothing else of it is configured.
    expect(Object.keys(env).filter((k) => k.startsWith('ENFORCE_'))).toEqual([]);
    expect(env.NOTIFY).toBe('changes');
    expect(env.SECURITY_HUB).toBe('true');
    note(
      `function environment: NOTIFY=${env.NOTIFY}, STRATEGY=${env.STRATEGY}, DRY_RUN=${env.DRY_RUN}, TOPIC_ARN, STATE_TABLE`,
    );
  });

  test('function role: exactly the IAM actions the README lists, publish, the state table; no wildcard', async () => {
    const { iam } = sdk();
    const roleName = physicalId('AWS::IAM::Role', 'FunctionRole');
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    const actions = new Set<string>();
    for (const PolicyName of names) {
      const doc = (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName })))
        .PolicyDocument;
      const parsed = JSON.parse(decodeURIComponent(doc ?? '{}')) as {
        Statement: { Effect: string; Action: string | string[] }[];
      };
      for (const s of parsed.Statement) {
        expect(s.Effect).toBe('Allow');
        for (const a of [s.Action].flat()) actions.add(a);
      }
    }
    const paragraph = /The function's role may call exactly([\s\S]*?)No `\*` actions/.exec(README)?.[1];
    if (!paragraph) throw new Error("README.md's Permissions section no longer lists the role's actions");
    const readmeIam = [...new Set(paragraph.match(/iam:\w+/g) ?? [])].sort();
    expect(readmeIam.length).toBeGreaterThan(5);
    expect([...actions].filter((a) => a.startsWith('iam:')).sort()).toEqual(readmeIam);
    expect([...actions]).toEqual(
      expect.arrayContaining([
        'sns:Publish',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'securityhub:BatchImportFindings',
        'securityhub:GetFindings',
      ]),
    );
    expect([...actions].filter((a) => a.includes('*'))).toEqual([]);
    note(
      `function role ${roleName}: ${actions.size} actions, the README's ${readmeIam.length} IAM reads, no wildcard`,
    );
  });

  test("enforcement policy: AWS's self-service MFA document as deployed, attached to no one", async () => {
    const { iam } = sdk();
    const policyArn = physicalId('AWS::IAM::ManagedPolicy');
    const version = (await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.DefaultVersionId;
    const doc = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: version })))
      .PolicyVersion?.Document;
    // The partition resolved, ${aws:username} still IAM's variable.
    expect(JSON.parse(decodeURIComponent(doc ?? '{}'))).toEqual(selfServiceMfaPolicyDocument('aws'));
    const holders = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn }));
    expect([
      ...(holders.PolicyUsers ?? []),
      ...(holders.PolicyRoles ?? []),
      ...(holders.PolicyGroups ?? []),
    ]).toEqual([]);
    note(`policy ${policyArn}: the self-service MFA document, attached to no one (enforcement off)`);
  });

  test('topic: encrypted with a customer-managed KMS key that rotates', async () => {
    const { sns, kms } = sdk();
    const topicArn = physicalId('AWS::SNS::Topic');
    const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes ?? {};
    const topicKeyId = physicalId('AWS::KMS::Key', 'TopicKey');
    expect(attrs.KmsMasterKeyId).toBe(`arn:aws:kms:${REGION}:${MOTO_ACCOUNT_ID}:key/${topicKeyId}`);
    expect(attrs.DisplayName).toBe('MFA auditor');
    // Not DescribeKey: on a key moto created from a template it fails with a 500 (moto keeps the
    // key policy as a dict where its policy check expects a string). An AWS::KMS::Key is
    // customer-managed by definition.
    const keys = (await kms.send(new ListKeysCommand({}))).Keys?.map((k) => k.KeyId) ?? [];
    for (const keyId of [topicKeyId, physicalId('AWS::KMS::Key', 'StateKey')]) {
      expect(keys).toContain(keyId);
      expect((await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(
        true,
      );
    }
    note(
      `SNS topic ${topicArn.split(':').pop()}: KmsMasterKeyId = the stack's topic key; topic and state keys rotate`,
    );
  });

  test('state table: one string key, on demand; its KMS key and PITR in the template (moto ignores them)', async () => {
    const tableName = physicalId('AWS::DynamoDB::Table');
    const table = (await sdk().dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    expect(table).toMatchObject({
      TableStatus: 'ACTIVE',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    });
    deployed().template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    note(`DynamoDB table ${tableName}: ACTIVE, key pk (S), PAY_PER_REQUEST`);
  });

  test('IAM event rule: the CloudTrail calls the README names, targeting the function', async () => {
    const { events } = sdk();
    const ruleName = physicalId('AWS::Events::Rule');
    const rule = await events.send(new DescribeRuleCommand({ Name: ruleName }));
    expect(rule.State).toBe('ENABLED');
    expect(rule.EventBusName ?? 'default').toBe('default');
    const readmeNames = /on the CloudTrail events([\s\S]*?)invokes the function/.exec(README)?.[1];
    if (!readmeNames) throw new Error("README.md no longer lists the re-check rule's CloudTrail events");
    expect(JSON.parse(rule.EventPattern ?? '{}')).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['iam.amazonaws.com'],
        eventName: [...readmeNames.matchAll(/`(\w+)`/g)].map((m) => m[1]),
      },
    });
    const targets = (await events.send(new ListTargetsByRuleCommand({ Rule: ruleName }))).Targets ?? [];
    expect(targets.map((t) => t.Arn)).toEqual([fn.Configuration?.FunctionArn]);
    note(
      `EventBridge rule ${ruleName}: ENABLED, pattern = README's ${JSON.parse(rule.EventPattern ?? '{}').detail.eventName.length} IAM calls, target = the function`,
    );
  });

  test('dead-letter queue of the schedule and the rule exists, SQS-managed encryption', async () => {
    const queueUrl = physicalId('AWS::SQS::Queue');
    const attrs = (
      await sdk().sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))
    ).Attributes;
    expect(attrs?.MessageRetentionPeriod).toBe(String(14 * 24 * 3600));
    expect(attrs?.SqsManagedSseEnabled).toBe('true');
    note(`SQS dead-letter queue ${queueUrl.split('/').pop()}: 14 days retention, SSE`);
  });
});

describe('template assertions for what moto skips (see also test/lib/mfa-auditor.test.ts)', () => {
  const t = (): Template => deployed().template;
  const ref = (type: string): { Ref: string } => ({ Ref: logicalIdOf(type) });
  const arnOf = (type: string): { 'Fn::GetAtt': [string, string] } => ({
    'Fn::GetAtt': [logicalIdOf(type), 'Arn'],
  });
  function logicalIdOf(type: string): string {
    const ids = Object.keys(t().findResources(type));
    if (ids.length !== 1) throw new Error(`expected one ${type} in the template, found ${ids.length}`);
    return ids[0] as string;
  }

  const assertions: Record<(typeof MOTO_SKIPS)[number], () => void> = {
    'AWS::Scheduler::Schedule': () =>
      t().hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: readmeDefault('schedule'),
        ScheduleExpressionTimezone: readmeDefault('timezone'),
        State: 'ENABLED',
        Target: Match.objectLike({
          Arn: arnOf('AWS::Lambda::Function'),
          Input: '{}',
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: arnOf('AWS::SQS::Queue') },
        }),
      }),
    'AWS::CloudWatch::Alarm': () => {
      t().resourceCountIs('AWS::CloudWatch::Alarm', 2);
      for (const MetricName of ['Errors', 'ApproximateNumberOfMessagesVisible']) {
        t().hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName,
          AlarmActions: [ref('AWS::SNS::Topic')],
          Threshold: 1,
        });
      }
    },
    'AWS::SNS::Subscription': () =>
      t().hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: ALERT_EMAIL,
        TopicArn: ref('AWS::SNS::Topic'),
      }),
    'AWS::SNS::TopicPolicy': () =>
      t().hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref('AWS::SNS::Topic')],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
          ]),
        },
      }),
    'AWS::SQS::QueuePolicy': () =>
      t().hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref('AWS::SQS::Queue')],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }),
          ]),
        },
      }),
    'AWS::Lambda::EventInvokeConfig': () =>
      t().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: ref('AWS::Lambda::Function'),
        MaximumRetryAttempts: 0,
      }),
    'AWS::Chatbot::SlackChannelConfiguration': () => {
      t().hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
        SlackWorkspaceId: SLACK.workspaceId,
        SlackChannelId: SLACK.channelId,
        SnsTopicArns: [ref('AWS::SNS::Topic')],
        GuardrailPolicies: [
          Match.objectLike({
            'Fn::Join': Match.arrayWith([Match.arrayWith([':iam::aws:policy/ReadOnlyAccess'])]),
          }),
        ],
      });
    },
  };

  test.each(MOTO_SKIPS.map((type) => [type]))('%s', (type) => {
    assertions[type]();
    note(`${type}: skipped by moto, asserted on the deployed template`);
  });
});

describe('the deployed function code, run with the deployed environment against moto', () => {
  let fn: DeployedFunction;
  let queueUrl: string;
  /** The SDK environment Lambda would give the function, pointed at moto. */
  let awsEnv: Record<string, string>;

  beforeAll(async () => {
    const d = deployed();
    const s = sdk();
    const out = await s.lambda.send(
      new GetFunctionCommand({ FunctionName: physicalId('AWS::Lambda::Function') }),
    );
    const code = (d.templateJson.Resources[logicalIdFor('AWS::Lambda::Function')]?.Properties?.Code ??
      {}) as {
      S3Bucket: { 'Fn::Sub': string };
      S3Key: string;
    };
    const bucket = code.S3Bucket['Fn::Sub'].replace('${AWS::AccountId}', MOTO_ACCOUNT_ID);
    const dir = join(d.workDir, 'function');
    const bundle = await fetchZipFromS3(d.python, d.cdkEndpoint, { bucket, key: code.S3Key }, dir);
    // The package read back is byte for byte the one the function was created from.
    expect(bundle.sha256).toBe(out.Configuration?.CodeSha256);
    expect(bundle.files).toContain('index.js');
    note(
      `code: s3://${bucket}/${code.S3Key} (${bundle.bytes} bytes) = the function's CodeSha256; runs index.handler`,
    );
    fn = {
      dir,
      handlerFile: join(dir, 'index.js'),
      functionName: out.Configuration?.FunctionName ?? '',
      functionArn: out.Configuration?.FunctionArn ?? '',
      timeoutSeconds: out.Configuration?.Timeout ?? 0,
      environment: out.Configuration?.Environment?.Variables ?? {},
    };
    awsEnv = {
      AWS_ENDPOINT_URL: d.moto.endpoint,
      AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_CONFIG_FILE: join(d.workDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(d.workDir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    await seedUsers(s.iam, SEED);
    // A machine subscriber on the deployed topic.
    queueUrl =
      (await s.sqs.send(new CreateQueueCommand({ QueueName: 'deployed-topic-capture' }))).QueueUrl ?? '';
    const queueArn = (
      await s.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
    ).Attributes?.QueueArn;
    await s.sns.send(
      new SubscribeCommand({ TopicArn: physicalId('AWS::SNS::Topic'), Protocol: 'sqs', Endpoint: queueArn }),
    );
  }, 60_000);

  function logicalIdFor(type: string): string {
    const r = deployed().resources.find((x) => x.ResourceType === type);
    if (!r?.LogicalResourceId) throw new Error(`no deployed ${type}`);
    return r.LogicalResourceId;
  }
  const received = (waitMs: number, atLeast = 0) =>
    receiveDelivered(sdk().sqs, queueUrl, { atLeast, waitMs });

  // The tests below run in order on one account: each builds on the state the previous left.
  test('a scheduled run ({}) publishes the AuditReport to the deployed topic', async () => {
    const { report } = await invokeDeployed(fn, {}, awsEnv);
    expect(report.accountId).toBe(MOTO_ACCOUNT_ID);
    expect(report.status).toBe('complete');
    expect(report.violations.map((v) => v.userName).sort()).toEqual(VIOLATORS);
    // One finding per violator, plus moto's root user (never MFA on moto), in the account's hub.
    expect(report.securityHub).toMatchObject({
      status: 'exported',
      opened: VIOLATORS.length + 1,
      errors: [],
    });
    expect(await allFindings(deployed().moto.endpoint)).toHaveLength(VIOLATORS.length + 1);

    const reports = parseDeliveredReports(await received(5000, 1));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports[0]).toMatchObject({ accountId: MOTO_ACCOUNT_ID, status: 'complete' });
    expect(reports[0]?.summary.violations).toBe(VIOLATORS.length);
    expect(deliveredViolators(reports)).toEqual(VIOLATORS);
    // notify=changes kept what it alerted on in the deployed table.
    const items = await sdk().dynamodb.send(new ScanCommand({ TableName: fn.environment.STATE_TABLE }));
    expect(items.Count).toBeGreaterThan(0);
    note(
      `scheduled run: AuditReport with ${VIOLATORS.length} violators delivered to an SQS subscriber of the topic; state saved in the table; ${VIOLATORS.length + 1} findings in Security Hub`,
    );
  });

  test('a second scheduled run in changes mode finds the same and stays quiet', async () => {
    expect(fn.environment.NOTIFY).toBe('changes');
    const { report } = await invokeDeployed(fn, {}, awsEnv);
    expect(report.violations.map((v) => v.userName).sort()).toEqual(VIOLATORS);
    expect(await received(1500)).toEqual([]);
    note('second scheduled run (NOTIFY=changes): same findings, nothing published');
  });

  test('{"dryRun":true} returns the report and publishes nothing', async () => {
    await createUser(sdk().iam, 'frank.new');
    await createLoginProfile(sdk().iam, 'frank.new');
    const { report } = await invokeDeployed(fn, { dryRun: true }, awsEnv);
    expect(report.violations.map((v) => v.userName).sort()).toEqual([...VIOLATORS, 'frank.new'].sort());
    expect(await received(1500)).toEqual([]);
    note('{"dryRun":true}: new violator in the report, nothing published');
  });

  test('a scheduled run after a change publishes again', async () => {
    await invokeDeployed(fn, {}, awsEnv);
    const reports = parseDeliveredReports(await received(5000, 1));
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.flatMap((r) => r.violations.map((v) => v.userName))).toContain('frank.new');
    note('scheduled run after a new violator: published again, naming frank.new');
  });
});
