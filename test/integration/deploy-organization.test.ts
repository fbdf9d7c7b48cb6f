/**
 * Organization mode deploys, on the emulator (issue 13, "Done when": the deploy with
 * `-c organizationalUnitIds=ou-...` deploys where moto supports the resource types).
 *
 * A fresh moto server with an organization and one OU; the repository's pinned cdk CLI runs the
 * README's commands against it: `cdk bootstrap`, `cdk deploy MfaAuditor -c organizationalUnitIds=<that
 * OU> -c accountConcurrency=25`, then the management account's member role,
 * `cdk deploy MfaAuditorMemberRole --parameters AuditorRoleArn=<the deployed auditor role>`. What was
 * deployed is read back through the SDK.
 *
 * What moto 5.2.5 does with the organization template's types (measured here, see MOTO_SKIPS):
 * - Creates: AWS::StepFunctions::StateMachine (with its definition, but it ignores
 *   LoggingConfiguration and TracingConfiguration: DescribeStateMachine says level OFF, tracing off),
 *   AWS::S3::Bucket (only BucketEncryption and Tags are applied: no public access block, lifecycle
 *   rules or ownership controls), AWS::Lambda::Function, AWS::IAM::Role, AWS::IAM::Policy (inline
 *   policies of the roles), AWS::Logs::LogGroup, AWS::KMS::Key, AWS::DynamoDB::Table, AWS::SNS::Topic,
 *   AWS::SQS::Queue, AWS::Events::Rule.
 * - Creates AWS::Lambda::Permission (GetPolicy shows it), but DescribeStackResources lists it without
 *   a physical id.
 * - An inline policy given in AWS::IAM::Role's `Policies` (the member role's) comes back from
 *   GetRolePolicy as the Python repr of the template's dict (`{'Statement': ...`), not as JSON; those
 *   of AWS::IAM::Policy resources come back as JSON.
 * - Skips silently (stack CREATE_COMPLETE, the resource listed without type or physical id):
 *   AWS::CloudFormation::StackSet (ListStackSets stays empty), AWS::Scheduler::Schedule,
 *   AWS::CloudWatch::Alarm, AWS::S3::BucketPolicy, AWS::SNS::TopicPolicy, AWS::SQS::QueuePolicy,
 *   AWS::Lambda::EventInvokeConfig, AWS::CDK::Metadata. Each is asserted on the template this very
 *   deploy synthesised instead, as are the bucket and state machine properties moto drops.
 * - No type of this template fails the deploy.
 * The member role stack (BootstraplessSynthesizer, template passed inline) deploys as is.
 *
 * Like test/integration/deploy.test.ts: the endpoint is `http://localhost:PORT` (moto listens where
 * `localhost` leads), and the stacks go to a fresh server (a change-set update fails on moto).
 * Running the state machine needs Lambda (Docker): the handlers are tested against moto in
 * test/integration/org-run.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack, StackResource } from '@aws-sdk/client-cloudformation';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { GetFunctionCommand, GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetBucketEncryptionCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MEMBER_IAM_ACTIONS } from '../../lib/iam-actions';
import type { MotoServer } from '../../tools/moto/moto-server';
import { startMotoServer } from '../../tools/moto/moto-server';
import { ensureMotoVenv } from '../../tools/moto/python-venv';
import { runCommand } from '../../tools/moto/run-command';
import { DUMMY_CREDENTIALS, MOTO_ACCOUNT_ID, REGION } from '../../tools/moto/clients';
import { createOrganization } from '../../tools/moto/organization';
import { cdkEnvironment, runCdk } from './support/cdk-cli';
import { localhostAddress } from './support/localhost';
import { createOu, rootIdOf } from './support/organization';

const REPO_ROOT = join(__dirname, '..', '..');
const STACK = 'MfaAuditor';
const MEMBER_STACK = 'MfaAuditorMemberRole';
/** Not the default (40): the deployed map must carry the context's value. */
const ACCOUNT_CONCURRENCY = 25;
const MEMBER_ROLE_NAME = 'MfaAuditorReadRole';
const BOOTSTRAP_TIMEOUT_MS = 40_000;
const DEPLOY_TIMEOUT_MS = 70_000;

/** Types moto 5.2.5 skips silently; each has a template assertion below. */
const MOTO_SKIPS = [
  'AWS::CloudFormation::StackSet',
  'AWS::Scheduler::Schedule',
  'AWS::CloudWatch::Alarm',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::Lambda::EventInvokeConfig',
] as const;
/** Created by moto but listed without a physical id: checked with Lambda's GetPolicy. */
const NO_PHYSICAL_ID = 'AWS::Lambda::Permission';
const CDK_METADATA = 'AWS::CDK::Metadata';

interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
}

interface DeployedStack {
  readonly stack: Stack | undefined;
  readonly resources: readonly StackResource[];
  readonly templateJson: TemplateJson;
  readonly template: Template;
}

interface Deployment {
  readonly moto: MotoServer;
  readonly workDir: string;
  readonly ouId: string;
  readonly auditor: DeployedStack;
  readonly member: DeployedStack;
  /** What MfaAuditorMemberRole was deployed with: the deployed account function's role. */
  readonly auditorRoleArn: string;
}

interface Sdk {
  readonly cfn: CloudFormationClient;
  readonly iam: IAMClient;
  readonly lambda: LambdaClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly organizations: OrganizationsClient;
}

const fileStarted = Date.now();
let deployment: Deployment | undefined;
let clients: Sdk | undefined;
const checked: string[] = [];
const note = (line: string): void => void checked.push(line);

function deployed(): Deployment {
  if (!deployment) throw new Error('the stacks were not deployed: see the error of beforeAll above');
  return deployment;
}
function sdk(): Sdk {
  if (!clients) throw new Error('the stacks were not deployed: see the error of beforeAll above');
  return clients;
}

function createSdk(endpoint: string): Sdk {
  const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 3 };
  return {
    cfn: new CloudFormationClient(config),
    iam: new IAMClient(config),
    lambda: new LambdaClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sfn: new SFNClient(config),
    organizations: new OrganizationsClient(config),
  };
}

async function readStack(cfn: CloudFormationClient, outDir: string, name: string): Promise<DeployedStack> {
  const templateJson = JSON.parse(
    readFileSync(join(outDir, `${name}.template.json`), 'utf8'),
  ) as TemplateJson;
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  const resources =
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: name }))).StackResources ?? [];
  return { stack, resources, templateJson, template: Template.fromJSON(templateJson) };
}

beforeAll(async () => {
  const started = Date.now();
  const host = await localhostAddress();
  const moto = await startMotoServer({ host });
  const workDir = mkdtempSync(join(tmpdir(), 'mfa-auditor-deploy-org-'));
  try {
    clients = createSdk(moto.endpoint);
    // A real OU of a real (emulated) organization: the deploy itself reads none of it (the ids go
    // into the StackSet and the list function's environment), the run's listing would.
    await createOrganization(moto.endpoint, []);
    const ouId = await createOu(clients.organizations, await rootIdOf(clients.organizations), 'Workloads');

    const cdkEndpoint = `http://localhost:${moto.port}`;
    const env = cdkEnvironment(cdkEndpoint, workDir);
    const common = ['--no-notices', '--require-approval', 'never'];
    const bootstrap = await runCdk(['bootstrap', `aws://${MOTO_ACCOUNT_ID}/${REGION}`, '--no-notices'], {
      cwd: workDir,
      env,
      timeoutMs: BOOTSTRAP_TIMEOUT_MS,
    });
    const outDir = join(workDir, 'cdk.out');
    const deploy = await runCdk(
      [
        'deploy',
        STACK,
        '-c',
        `organizationalUnitIds=${ouId}`,
        '-c',
        `accountConcurrency=${ACCOUNT_CONCURRENCY}`,
        '--output',
        outDir,
        ...common,
      ],
      { cwd: REPO_ROOT, env, timeoutMs: DEPLOY_TIMEOUT_MS },
    );
    const auditor = await readStack(clients.cfn, outDir, STACK);
    const roleName = auditor.resources.find((r) =>
      (r.LogicalResourceId ?? '').startsWith('MfaAuditorOrganizationAuditAccountFunctionRole'),
    )?.PhysicalResourceId;
    if (!roleName) throw new Error('the deploy created no account function role');
    const auditorRoleArn = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${roleName}`;
    // The same cloud assembly the first deploy synthesised (with the same context): `--app` on it
    // deploys the member stack without synthesising the app a second time (20 s).
    const member = await runCdk(
      [
        'deploy',
        MEMBER_STACK,
        '--app',
        outDir,
        '--parameters',
        `AuditorRoleArn=${auditorRoleArn}`,
        ...common,
      ],
      { cwd: workDir, env, timeoutMs: DEPLOY_TIMEOUT_MS },
    );
    deployment = {
      moto,
      workDir,
      ouId,
      auditor,
      member: await readStack(clients.cfn, outDir, MEMBER_STACK),
      auditorRoleArn,
    };
    note(
      `setup ${((Date.now() - started) / 1000).toFixed(1)} s: moto on ${moto.endpoint}, OU ${ouId}, ` +
        `cdk bootstrap ${bootstrap.seconds.toFixed(1)} s, deploy ${STACK} ${deploy.seconds.toFixed(1)} s, ` +
        `deploy ${MEMBER_STACK} ${member.seconds.toFixed(1)} s`,
    );
  } catch (err) {
    await moto.stop();
    rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
}, 150_000);

afterAll(async () => {
  if (clients) for (const c of Object.values(clients) as { destroy(): void }[]) c.destroy();
  if (deployment) {
    await deployment.moto.stop();
    rmSync(deployment.workDir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - fileStarted) / 1000).toFixed(1);
  process.stdout.write(
    `\nOrganization deploy test (moto), ${seconds} s\n${checked.map((c) => `  - ${c}`).join('\n')}\n`,
  );
});

/** Physical id of the one resource of `type` in `stack` whose logical id contains `hint`. */
function physicalId(type: string, hint = '', stack: DeployedStack = deployed().auditor): string {
  const found = stack.resources.filter(
    (r) => r.ResourceType === type && (r.LogicalResourceId ?? '').includes(hint),
  );
  if (found.length !== 1 || !found[0]?.PhysicalResourceId) {
    throw new Error(`expected one deployed ${type}${hint && ` (${hint})`}, found ${found.length}`);
  }
  return found[0].PhysicalResourceId;
}

function logicalIdOf(type: string, hint = ''): string {
  const ids = Object.keys(deployed().auditor.template.findResources(type)).filter((id) => id.includes(hint));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} (${hint}) in the template, found ${ids.length}`);
  return ids[0] as string;
}

interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: unknown;
}
/** moto, like IAM, returns policy documents URL-encoded JSON. */
function parsePolicy(doc: string | undefined): PolicyStatement[] {
  return (JSON.parse(decodeURIComponent(doc ?? '{}')) as { Statement: PolicyStatement[] }).Statement;
}

/** Python literal to JSON, exactly (ast.literal_eval evaluates literals only). */
const LITERAL_TO_JSON = 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.argv[1])))';

/**
 * An inline policy document read back from moto: JSON, or (for a policy moto created from an
 * AWS::IAM::Role's `Policies`) the Python repr of the template's dict, read with moto's Python.
 */
async function parseInlinePolicy(doc: string | undefined): Promise<PolicyStatement[]> {
  const text = decodeURIComponent(doc ?? '{}');
  if (!text.startsWith("{'")) return parsePolicy(doc);
  const { python } = await ensureMotoVenv();
  const result = await runCommand(python, ['-c', LITERAL_TO_JSON, text]);
  if (result.exitCode !== 0) throw new Error(`cannot read the policy document ${text}:\n${result.output}`);
  const json = result.output.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(json) as { Statement: PolicyStatement[] }).Statement;
}

async function inlineStatements(roleName: string): Promise<Record<string, PolicyStatement[]>> {
  const { iam } = sdk();
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  const out: Record<string, PolicyStatement[]> = {};
  for (const PolicyName of names) {
    const doc = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName }));
    out[PolicyName] = await parseInlinePolicy(doc.PolicyDocument);
  }
  return out;
}

const ORG_FUNCTIONS = {
  list: 'OrganizationListAccountsFunction',
  auditAccount: 'OrganizationAuditAccountFunction',
  aggregate: 'OrganizationAggregateFunction',
} as const;

async function functionConfig(hint: string): Promise<FunctionConfiguration> {
  const out = await sdk().lambda.send(
    new GetFunctionCommand({ FunctionName: physicalId('AWS::Lambda::Function', hint) }),
  );
  if (!out.Configuration) throw new Error(`no configuration for the ${hint} function`);
  return out.Configuration;
}

describe(`cdk deploy ${STACK} -c organizationalUnitIds=<OU> on a fresh moto`, () => {
  test('the stack reaches CREATE_COMPLETE; every resource is created or a known moto gap', () => {
    const { auditor } = deployed();
    expect(auditor.stack?.StackStatus).toBe('CREATE_COMPLETE');
    const templateIds = Object.keys(auditor.templateJson.Resources).sort();
    const created = auditor.resources.flatMap((r) => (r.LogicalResourceId ? [r.LogicalResourceId] : []));
    for (const r of auditor.resources) expect(r.ResourceStatus).toBe('CREATE_COMPLETE');
    expect(created.filter((id) => !templateIds.includes(id))).toEqual([]);
    const missing = templateIds.filter((id) => !created.includes(id));
    const missingTypes = [...new Set(missing.map((id) => auditor.templateJson.Resources[id]?.Type))].sort();
    expect(missingTypes).toEqual([...MOTO_SKIPS, CDK_METADATA].sort());
    const withoutId = auditor.resources.filter((r) => r.LogicalResourceId && !r.PhysicalResourceId);
    expect([...new Set(withoutId.map((r) => r.ResourceType))]).toEqual([NO_PHYSICAL_ID]);
    expect(auditor.resources).toHaveLength(templateIds.length);
    const createdTypes = [...new Set(auditor.resources.flatMap((r) => r.ResourceType ?? []))].sort();
    expect(createdTypes).toEqual(
      expect.arrayContaining([
        'AWS::IAM::Role',
        'AWS::KMS::Key',
        'AWS::Lambda::Function',
        'AWS::Logs::LogGroup',
        'AWS::S3::Bucket',
        'AWS::StepFunctions::StateMachine',
      ]),
    );
    note(
      `${STACK} CREATE_COMPLETE: ${created.length} of ${templateIds.length} resources created ` +
        `(${createdTypes.join(', ')}); skipped by moto: ${missingTypes.join(', ')}`,
    );
  });

  test(`state machine: DISTRIBUTED map, MaxConcurrency ${ACCOUNT_CONCURRENCY}, tolerates 100 %, reads and writes the run bucket`, async () => {
    const arn = physicalId('AWS::StepFunctions::StateMachine');
    const sm = await sdk().sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(sm.status).toBe('ACTIVE');
    expect(sm.type).toBe('STANDARD');
    expect(sm.roleArn).toBe(
      `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${physicalId('AWS::IAM::Role', 'StateMachineRole')}`,
    );
    const bucket = physicalId('AWS::S3::Bucket', 'RunBucket');
    const fnArn = (hint: string): string =>
      `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT_ID}:function:${physicalId('AWS::Lambda::Function', hint)}`;
    const definition = JSON.parse(sm.definition ?? '{}') as {
      StartAt: string;
      TimeoutSeconds: number;
      States: Record<string, Record<string, unknown>>;
    };
    expect(definition.StartAt).toBe('ListAccounts');
    expect(definition.TimeoutSeconds).toBe(24 * 3600);
    expect(definition.States.ListAccounts).toMatchObject({
      Type: 'Task',
      Resource: fnArn(ORG_FUNCTIONS.list),
      Parameters: { 'runId.$': '$$.Execution.Name' },
      ResultPath: '$.list',
    });
    expect(definition.States.AuditAccounts).toMatchObject({
      Type: 'Map',
      MaxConcurrency: ACCOUNT_CONCURRENCY,
      ToleratedFailurePercentage: 100,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'AuditAccount',
        States: { AuditAccount: { Type: 'Task', Resource: fnArn(ORG_FUNCTIONS.auditAccount) } },
      },
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { Bucket: bucket, 'Key.$': '$.list.itemsKey' },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: bucket, Prefix: 'runs/results' },
      },
      ResultPath: '$.map',
      Next: 'Aggregate',
    });
    expect(definition.States.Aggregate).toMatchObject({
      Type: 'Task',
      Resource: fnArn(ORG_FUNCTIONS.aggregate),
      Parameters: {
        'runId.$': '$.list.runId',
        'resultWriterDetails.$': '$.map.ResultWriterDetails',
        'map.$': '$.map',
      },
    });
    // moto drops LoggingConfiguration and TracingConfiguration (it reports level OFF, tracing off).
    deployed().auditor.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
    note(
      `state machine ${arn.split(':').pop()}: ListAccounts -> AuditAccounts (DISTRIBUTED, MaxConcurrency ` +
        `${ACCOUNT_CONCURRENCY}, ToleratedFailurePercentage 100, ItemReader/ResultWriter on ${bucket}) -> Aggregate`,
    );
  });

  test('run bucket: exists, S3-managed encryption; public access block, lifecycle, TLS-only on the template (moto drops them)', async () => {
    const { s3 } = sdk();
    const bucket = physicalId('AWS::S3::Bucket', 'RunBucket');
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'AES256',
    });
    // moto's AWS::S3::Bucket applies BucketEncryption and Tags only.
    deployed().auditor.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({
            Id: 'ExpireRuns',
            Prefix: 'runs/',
            ExpirationInDays: 365,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          }),
        ],
      },
    });
    note(`run bucket ${bucket}: exists, AES256; public access block, ownership, lifecycle on the template`);
  });

  test('the three org functions: handler, runtime and REPORT_BUCKET, MEMBER_ROLE_NAME, ORGANIZATIONAL_UNIT_IDS', async () => {
    const { ouId } = deployed();
    const expected = {
      REPORT_BUCKET: physicalId('AWS::S3::Bucket', 'RunBucket'),
      MEMBER_ROLE_NAME: MEMBER_ROLE_NAME,
      ORGANIZATIONAL_UNIT_IDS: ouId,
      TOPIC_ARN: physicalId('AWS::SNS::Topic'),
      STATE_TABLE: physicalId('AWS::DynamoDB::Table'),
    };
    for (const hint of Object.values(ORG_FUNCTIONS)) {
      const c = await functionConfig(hint);
      expect(c.Handler).toBe('index.handler');
      expect(c.Runtime).toBe('nodejs24.x');
      expect(c.Timeout).toBe(900);
      expect(c.Role).toBe(
        `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/${physicalId('AWS::IAM::Role', `${hint}Role`)}`,
      );
      expect(c.Environment?.Variables).toMatchObject(expected);
    }
    // The single-account function audits its own account only: none of the organization's settings.
    const own = await functionConfig('MfaAuditorFunction');
    expect(Object.keys(own.Environment?.Variables ?? {})).toEqual(
      expect.not.arrayContaining(['REPORT_BUCKET', 'MEMBER_ROLE_NAME', 'ORGANIZATIONAL_UNIT_IDS']),
    );
    note(
      `3 org functions: index.handler, nodejs24.x, REPORT_BUCKET, MEMBER_ROLE_NAME=${MEMBER_ROLE_NAME}, ` +
        `ORGANIZATIONAL_UNIT_IDS=${ouId}; the single-account function has none of them`,
    );
  });

  test('IAM re-check rule may invoke the account function (Lambda::Permission, read with GetPolicy)', async () => {
    const name = physicalId('AWS::Lambda::Function', ORG_FUNCTIONS.auditAccount);
    const policy = await sdk().lambda.send(new GetPolicyCommand({ FunctionName: name }));
    const statements = parsePolicy(policy.Policy);
    expect(statements).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Principal: { Service: 'events.amazonaws.com' },
      }),
    ]);
    note(`account function policy: events.amazonaws.com may invoke it (the IAM event rule)`);
  });

  test('only the account function role may assume roles, and only the member role in any account', async () => {
    const roles = deployed().auditor.resources.filter((r) => r.ResourceType === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThanOrEqual(6);
    const assumeRole: { role: string; statement: PolicyStatement }[] = [];
    for (const r of roles) {
      const role = r.PhysicalResourceId ?? '';
      for (const statements of Object.values(await inlineStatements(role))) {
        for (const s of statements) {
          const actions = [s.Action].flat();
          if (actions.some((a) => a === '*' || a.startsWith('sts:'))) assumeRole.push({ role, statement: s });
        }
      }
    }
    const auditorRole = physicalId('AWS::IAM::Role', `${ORG_FUNCTIONS.auditAccount}Role`);
    expect(assumeRole).toEqual([
      {
        role: auditorRole,
        statement: {
          Sid: 'AssumeMemberReadRole',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: `arn:aws:iam::*:role/${MEMBER_ROLE_NAME}`,
        },
      },
    ]);
    const attached = await sdk().iam.send(new ListAttachedRolePoliciesCommand({ RoleName: auditorRole }));
    expect(attached.AttachedPolicies).toEqual([]);
    note(
      `sts: only ${auditorRole} has it: sts:AssumeRole on arn:aws:iam::*:role/${MEMBER_ROLE_NAME}, no managed policy`,
    );
  });
});

describe('template assertions for what moto skips', () => {
  const t = (): Template => deployed().auditor.template;
  const arnOf = (type: string, hint = ''): { 'Fn::GetAtt': [string, string] } => ({
    'Fn::GetAtt': [logicalIdOf(type, hint), 'Arn'],
  });

  const assertions: Record<(typeof MOTO_SKIPS)[number], () => void> = {
    'AWS::CloudFormation::StackSet': () => {
      t().hasResourceProperties('AWS::CloudFormation::StackSet', {
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        StackInstancesGroup: [
          { DeploymentTargets: { OrganizationalUnitIds: [deployed().ouId] }, Regions: ['us-east-1'] },
        ],
        Parameters: [
          {
            ParameterKey: 'AuditorRoleArn',
            ParameterValue: arnOf('AWS::IAM::Role', `${ORG_FUNCTIONS.auditAccount}Role`),
          },
        ],
      });
      // Its template is the member stack this test deploys on its own below.
      const body = Object.values(t().findResources('AWS::CloudFormation::StackSet'))[0]?.Properties
        ?.TemplateBody as string;
      const member = Template.fromString(body);
      member.resourceCountIs('AWS::IAM::Role', 1);
      member.hasResourceProperties('AWS::IAM::Role', { RoleName: MEMBER_ROLE_NAME });
    },
    'AWS::Scheduler::Schedule': () =>
      t().hasResourceProperties('AWS::Scheduler::Schedule', {
        State: 'ENABLED',
        Target: Match.objectLike({ Arn: { Ref: logicalIdOf('AWS::StepFunctions::StateMachine') } }),
      }),
    'AWS::CloudWatch::Alarm': () => t().resourceCountIs('AWS::CloudWatch::Alarm', 4),
    'AWS::S3::BucketPolicy': () =>
      t().hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalIdOf('AWS::S3::Bucket', 'RunBucket') },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      }),
    'AWS::SNS::TopicPolicy': () =>
      t().hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: logicalIdOf('AWS::SNS::Topic') }],
      }),
    'AWS::SQS::QueuePolicy': () =>
      t().hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf('AWS::SQS::Queue') }],
      }),
    'AWS::Lambda::EventInvokeConfig': () =>
      t().hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOf('AWS::Lambda::Function', ORG_FUNCTIONS.auditAccount) },
        MaximumRetryAttempts: 0,
      }),
  };

  test.each(MOTO_SKIPS.map((type) => [type]))('%s', (type) => {
    assertions[type]();
    note(`${type}: skipped by moto, asserted on the deployed template`);
  });
});

describe(`cdk deploy ${MEMBER_STACK} --parameters AuditorRoleArn=<the auditor role> (the management account)`, () => {
  test('CREATE_COMPLETE without bootstrap resources: no assets, no bootstrap-version rule', () => {
    const { member, auditorRoleArn } = deployed();
    expect(member.stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(member.stack?.Parameters).toEqual([
      { ParameterKey: 'AuditorRoleArn', ParameterValue: auditorRoleArn },
    ]);
    expect(member.templateJson.Rules).toBeUndefined();
    expect(Object.keys(member.templateJson.Parameters ?? {})).toEqual(['AuditorRoleArn']);
    expect(physicalId('AWS::IAM::Role', 'ReadRole', member)).toBe(MEMBER_ROLE_NAME);
    note(`${MEMBER_STACK} CREATE_COMPLETE with AuditorRoleArn=${auditorRoleArn}`);
  });

  test('the role trusts only that ARN and holds exactly the audit read actions', async () => {
    const { iam } = sdk();
    const { auditorRoleArn } = deployed();
    const role = (await iam.send(new GetRoleCommand({ RoleName: MEMBER_ROLE_NAME }))).Role;
    expect(parsePolicy(role?.AssumeRolePolicyDocument)).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: auditorRoleArn } },
    ]);
    expect(role?.MaxSessionDuration).toBe(3600);
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: MEMBER_ROLE_NAME }));
    expect(attached.AttachedPolicies).toEqual([]);
    const policies = await inlineStatements(MEMBER_ROLE_NAME);
    expect(Object.keys(policies)).toEqual(['MfaAuditRead']);
    const sorted = (s: PolicyStatement): PolicyStatement => ({ ...s, Action: [s.Action].flat().sort() });
    expect(policies.MfaAuditRead?.map(sorted)).toEqual([
      {
        Sid: 'ReadAccountWide',
        Effect: 'Allow',
        Action: [...MEMBER_IAM_ACTIONS.accountWide].sort(),
        Resource: '*',
      },
      {
        Sid: 'ReadEveryUser',
        Effect: 'Allow',
        Action: [...MEMBER_IAM_ACTIONS.perUser].sort(),
        Resource: `arn:aws:iam::${MOTO_ACCOUNT_ID}:user/*`,
      },
    ]);
    const actions = policies.MfaAuditRead?.flatMap((s) => [s.Action].flat()) ?? [];
    note(
      `${MEMBER_ROLE_NAME}: trusted by ${auditorRoleArn} only, 1 h sessions, ${actions.length} IAM read actions, no managed policy`,
    );
  });
});
