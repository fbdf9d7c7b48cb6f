import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MfaAuditorStack } from '../../lib/mfa-auditor-stack';
import { ConfigError } from '../../lambda/settings/parse';
import { buildStack } from './stack-fixture';
import { RECHECK_EVENT_NAMES } from '../../lambda/handler/iam-event';

// Three synths (bundling skipped: stack-fixture.ts), shared by every test below: the defaults
// (notify: changes, IAM event re-checks on), everything set, and both new features off.
let defaultStack: MfaAuditorStack;
let fullStack: MfaAuditorStack;
let alwaysStack: MfaAuditorStack;
let template: Template;
let full: Template;
let always: Template;

beforeAll(() => {
  defaultStack = buildStack();
  fullStack = buildStack({
    alertEmails: 'a@example.com, b@example.com',
    slackWorkspaceId: 'T0123ABCD',
    slackChannelId: 'C0456EFGH',
    schedule: 'rate(12 hours)',
    timezone: 'Europe/Paris',
    strategy: 'live',
    dryRun: 'true',
    digestDays: '14',
    gracePeriodHours: '24',
    maxExemptionDays: '90',
    criticalIfUsedWithinDays: '30',
  });
  alwaysStack = buildStack({ notify: 'always', iamEventRechecks: 'false' });
  template = Template.fromStack(defaultStack);
  full = Template.fromStack(fullStack);
  always = Template.fromStack(alwaysStack);
});

type Json = Record<string, unknown>;
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Json;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const onlyResource = (t: Template, type: string): [string, Json] => {
  const found = Object.entries(t.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, Json];
};
const logicalId = (t: Template, type: string): string => onlyResource(t, type)[0];
const props = (t: Template, type: string): Json => onlyResource(t, type)[1].Properties as Json;
const propsOf = (t: Template, id: string): Json => (t.toJSON().Resources[id] as Json).Properties as Json;
const getAttArn = (id: string): Json => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** The template's CloudFormation Rules section (CDK always adds CheckBootstrapVersion). */
const rulesOf = (t: Template): Record<string, Json> => (t.toJSON().Rules ?? {}) as Record<string, Json>;

/** The topic's key, found through the topic: changes mode has a second key, for the state table. */
function topicKeyId(t: Template): string {
  const keyArn = props(t, 'AWS::SNS::Topic').KmsMasterKeyId as { 'Fn::GetAtt': [string, string] };
  return keyArn['Fn::GetAtt'][0];
}

/** The topic key's statement for the account's publishers through SNS. */
function snsPublishers(t: Template): Statement {
  const policy = propsOf(t, topicKeyId(t)).KeyPolicy as { Statement: Statement[] };
  const found = policy.Statement.filter((s) => (s as { Sid?: string }).Sid === 'AccountPublishesViaSns');
  expect(found).toHaveLength(1);
  return found[0] as Statement;
}

/** The account principal as CDK renders it (`AccountRootPrincipal`) in a us-east-1 stack. */
const accountPrincipal = { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] };

/** The state table's key, found through the table. */
function stateKeyId(t: Template): string {
  const sse = props(t, 'AWS::DynamoDB::Table').SSESpecification as {
    KMSMasterKeyId: { 'Fn::GetAtt': [string, string] };
  };
  return sse.KMSMasterKeyId['Fn::GetAtt'][0];
}

/** Every statement of every IAM policy attached to the role: inline, default policy, managed. */
function roleStatements(t: Template, roleId: string): Statement[] {
  const role = t.findResources('AWS::IAM::Role')[roleId] as { Properties: Json };
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  const inline = (
    (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
  ).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(t.findResources('AWS::IAM::Policy'))
    .map((r) => r.Properties as { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } })
    .filter((p) => p.Roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.PolicyDocument.Statement);
  return [...inline, ...attached];
}

function functionRoleId(t: Template): string {
  const role = props(t, 'AWS::Lambda::Function').Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

describe('schedule', () => {
  test('runs daily at 06:00 UTC by default, invoking the function with {}', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      // At the time given, not somewhere in a window after it.
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(template, 'AWS::Lambda::Function'), 'Arn'] },
        Input: '{}',
      },
    });
  });

  test('takes its expression and time zone from context', () => {
    full.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(12 hours)',
      ScheduleExpressionTimezone: 'Europe/Paris',
    });
  });

  test('retries delivery and dead-letters what it cannot deliver to an encrypted, TLS-only queue', () => {
    const queueId = logicalId(template, 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: {
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      },
    });
    // The longest SQS keeps a message: time to read why an audit did not run.
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('assumes a role only this account’s schedules may use, allowed to invoke and dead-letter', () => {
    const schedule = props(template, 'AWS::Scheduler::Schedule') as { Target: { RoleArn: Json } };
    const roleId = (schedule.Target.RoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(
      (propsOf(template, roleId).AssumeRolePolicyDocument as { Statement: Statement[] }).Statement,
    ).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        // Confused deputy: the scheduler assumes it only for this account's default schedule group.
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                ['arn:aws:scheduler:us-east-1:', { Ref: 'AWS::AccountId' }, ':schedule-group/default'],
              ],
            },
          },
        },
      },
    ]);
    const actions = roleStatements(template, roleId).flatMap((s) => asList(s.Action));
    expect(actions.sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });
});

describe('function', () => {
  test('Node.js 24 on arm64, 900 s, 256 MB, one at a time, no automatic re-run', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 256,
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  test('logs to its own log group with a retention', () => {
    const logGroupId = logicalId(template, 'AWS::Logs::LogGroup');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  test('environment carries every setting the handler reads', () => {
    const topicRef = { Ref: logicalId(template, 'AWS::SNS::Topic') };
    expect((props(template, 'AWS::Lambda::Function').Environment as Json).Variables).toEqual({
      TOPIC_ARN: topicRef,
      DRY_RUN: 'false',
      STRATEGY: 'auto',
      LIVE_THRESHOLD: '100',
      CONCURRENCY: '5',
      CRITICAL_IF_USED_WITHIN_DAYS: '90',
      GRACE_PERIOD_HOURS: '0',
      MAX_EXEMPTION_DAYS: '365',
      REPORT_MAX_WAIT_SECONDS: '120',
      SECURITY_HUB: 'false',
      NOTIFY: 'changes',
      DIGEST_DAYS: '7',
      // Off: the variables of the enforcement it does not do are not written (test/lib/enforcement.test.ts).
      ENFORCEMENT: 'off',
      STATE_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table') },
      METRICS_DEPLOYMENT: 'MfaAuditor/MfaAuditor',
      POWERTOOLS_SERVICE_NAME: 'mfa-auditor',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    full.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DRY_RUN: 'true',
          STRATEGY: 'live',
          DIGEST_DAYS: '14',
          GRACE_PERIOD_HOURS: '24',
          MAX_EXEMPTION_DAYS: '90',
          CRITICAL_IF_USED_WITHIN_DAYS: '30',
        }),
      },
    });
  });

  test('notify: always has no digest and no state table to name', () => {
    const variables = (props(always, 'AWS::Lambda::Function').Environment as Json).Variables as Json;
    expect(variables.NOTIFY).toBe('always');
    expect(Object.keys(variables)).not.toContain('DIGEST_DAYS');
    expect(Object.keys(variables)).not.toContain('STATE_TABLE');
  });
});

describe('function role', () => {
  const IAM_ACCOUNT_WIDE = [
    'iam:GenerateCredentialReport',
    'iam:GetAccountSummary',
    'iam:GetCredentialReport',
    'iam:ListAccountAliases',
    'iam:ListUsers',
    'iam:ListVirtualMFADevices',
  ];
  const IAM_PER_USER = ['iam:GetLoginProfile', 'iam:ListMFADevices', 'iam:ListUserTags'];
  const BASE = [
    ...IAM_ACCOUNT_WIDE,
    ...IAM_PER_USER,
    'sns:Publish',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ];
  const STATE_TABLE = ['dynamodb:GetItem', 'dynamodb:PutItem'];
  const STATE_KEY = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];

  const actionsOf = (statements: Statement[]): string[] =>
    [...new Set(statements.flatMap((s) => asList(s.Action)))].sort();
  const statementsOn = (statements: Statement[], resource: unknown): Statement[] =>
    statements.filter((s) => asList(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(resource)));

  test('only Lambda may assume it', () => {
    const trust = propsOf(template, functionRoleId(template)).AssumeRolePolicyDocument as {
      Statement: Statement[];
    };
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });

  test('notify: always: exactly the audit’s read-only IAM APIs, publish, and write its logs', () => {
    const statements = roleStatements(always, functionRoleId(always));
    expect(actionsOf(statements)).toEqual([...BASE].sort());
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  test('notify: changes adds exactly GetItem and PutItem on the table, and its key through DynamoDB', () => {
    const statements = roleStatements(template, functionRoleId(template));
    expect(actionsOf(statements)).toEqual([...new Set([...BASE, ...STATE_TABLE, ...STATE_KEY])].sort());
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);

    const table = statementsOn(statements, getAttArn(logicalId(template, 'AWS::DynamoDB::Table')));
    expect(actionsOf(table)).toEqual(STATE_TABLE);
    const key = statementsOn(statements, getAttArn(stateKeyId(template)));
    expect(actionsOf(key)).toEqual(STATE_KEY);
    for (const s of key) {
      expect(s.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } });
    }
  });

  test('no wildcard action in either mode', () => {
    for (const t of [template, always]) {
      const actions = actionsOf(roleStatements(t, functionRoleId(t)));
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  test('each action at its narrowest resource', () => {
    const statements = roleStatements(template, functionRoleId(template));
    const resourceOf = (action: string): unknown[] =>
      statements.filter((s) => asList(s.Action).includes(action)).flatMap((s) => asList(s.Resource));
    const usersArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/*']],
    };
    for (const action of IAM_PER_USER) expect(resourceOf(action)).toEqual([usersArn]);
    for (const action of IAM_ACCOUNT_WIDE) expect(resourceOf(action)).toEqual(['*']);
    expect(resourceOf('sns:Publish')).toEqual([{ Ref: logicalId(template, 'AWS::SNS::Topic') }]);
    expect(resourceOf('kms:Decrypt')).toEqual([
      getAttArn(topicKeyId(template)),
      getAttArn(stateKeyId(template)),
    ]);
    expect(resourceOf('kms:Encrypt')).toEqual([getAttArn(stateKeyId(template))]);
    expect(resourceOf('dynamodb:PutItem')).toEqual([getAttArn(logicalId(template, 'AWS::DynamoDB::Table'))]);
    expect(resourceOf('logs:PutLogEvents')).toEqual([getAttArn(logicalId(template, 'AWS::Logs::LogGroup'))]);
  });
});

describe('alert state table (notify: changes)', () => {
  test('exists only in changes mode, with its own key', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.resourceCountIs('AWS::KMS::Key', 2);
    always.resourceCountIs('AWS::DynamoDB::Table', 0);
    always.resourceCountIs('AWS::KMS::Key', 1);
  });

  test('one string partition key, on demand, point-in-time recovery, a rotating customer-managed key', () => {
    const [tableId, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(table.Properties).toEqual({
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAttArn(stateKeyId(template)) },
    });
    // Losing the table costs one re-alert of what is open; it must not block deleting the stack.
    expect(table).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(stateKeyId(template)).not.toBe(topicKeyId(template));
    expect(propsOf(template, stateKeyId(template)).EnableKeyRotation).toBe(true);
    expect(tableId).toMatch(/StateTable/);
  });

  test('key policy: the account administers and uses it through DynamoDB only; the function is named', () => {
    const policy = propsOf(template, stateKeyId(template)).KeyPolicy as { Statement: Statement[] };
    const bySid = new Map(policy.Statement.map((s) => [(s as { Sid?: string }).Sid, s]));
    expect([...bySid.keys()]).toEqual([
      'AccountAdministersKey',
      'AccountCreatesTablesViaDynamoDB',
      'AuditFunctionUsesKeyViaDynamoDB',
    ]);
    const viaDynamoDb = { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' };
    expect(bySid.get('AccountCreatesTablesViaDynamoDB')).toMatchObject({
      Condition: { StringEquals: { ...viaDynamoDb, 'kms:CallerAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(asList(bySid.get('AccountCreatesTablesViaDynamoDB')?.Action ?? [])).toContain('kms:CreateGrant');
    expect(bySid.get('AuditFunctionUsesKeyViaDynamoDB')).toEqual({
      Sid: 'AuditFunctionUsesKeyViaDynamoDB',
      Effect: 'Allow',
      Principal: { AWS: getAttArn(functionRoleId(template)) },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: { StringEquals: viaDynamoDb },
    });
    // Nobody may use the key directly: every statement that allows encryption is DynamoDB-only.
    const crypto = policy.Statement.filter((s) =>
      asList(s.Action).some((a) => ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'].includes(a)),
    );
    for (const s of crypto) expect(JSON.stringify(s.Condition)).toContain('dynamodb.us-east-1.amazonaws.com');
    const actions = policy.Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
  });
});

describe('IAM event re-checks', () => {
  test('rule on the default bus matches exactly IAM’s CloudTrail calls that can change a verdict', () => {
    const rule = props(template, 'AWS::Events::Rule');
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.State).toBe('ENABLED');
    expect(rule.EventPattern).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['iam.amazonaws.com'],
        eventName: [...RECHECK_EVENT_NAMES],
      },
    });
    // The handler parses exactly these; the calls that add a password or remove MFA must be among them.
    expect(RECHECK_EVENT_NAMES).toEqual(
      expect.arrayContaining(['CreateLoginProfile', 'DeactivateMFADevice', 'DeleteVirtualMFADevice']),
    );
  });

  test('targets the function with the event as-is, retries, and dead-letters to the schedule’s queue', () => {
    const targets = props(template, 'AWS::Events::Rule').Targets as Json[];
    expect(targets).toEqual([
      {
        Id: 'Target0',
        Arn: getAttArn(logicalId(template, 'AWS::Lambda::Function')),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: getAttArn(logicalId(template, 'AWS::SQS::Queue')) },
      },
    ]);
  });

  test('only this rule may invoke the function as EventBridge', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: getAttArn(logicalId(template, 'AWS::Lambda::Function')),
      Principal: 'events.amazonaws.com',
      SourceArn: getAttArn(logicalId(template, 'AWS::Events::Rule')),
    });
  });

  test('the dead-letter queue accepts EventBridge for this rule only; the scheduler sends with its role', () => {
    const policy = props(template, 'AWS::SQS::QueuePolicy').PolicyDocument as { Statement: Statement[] };
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: getAttArn(logicalId(template, 'AWS::SQS::Queue')),
        Condition: { ArnEquals: { 'aws:SourceArn': getAttArn(logicalId(template, 'AWS::Events::Rule')) } },
      }),
    ]);
    // Same account: the scheduler role's own sqs:SendMessage (tested under schedule) is enough.
  });

  test('absent with iamEventRechecks=false', () => {
    always.resourceCountIs('AWS::Events::Rule', 0);
    always.resourceCountIs('AWS::Lambda::Permission', 0);
    const policy = props(always, 'AWS::SQS::QueuePolicy').PolicyDocument as { Statement: Statement[] };
    expect(policy.Statement.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  test('no region assertion when the region is known to be us-east-1', () => {
    expect(Object.keys(rulesOf(template))).toEqual(['CheckBootstrapVersion']);
  });
});

describe('region', () => {
  const HOW_TO = /deploy the stack to us-east-1, or turn the re-checks off \(-c iamEventRechecks=false/;

  test('a stack in another known region fails synth with re-checks on, naming the region and the way out', () => {
    // Throws before the function is bundled.
    expect(() => buildStack({}, { region: 'eu-west-1' })).toThrow(ConfigError);
    expect(() => buildStack({}, { region: 'eu-west-1' })).toThrow(/iamEventRechecks.*us-east-1.*eu-west-1/);
    expect(() => buildStack({}, { region: 'eu-west-1' })).toThrow(HOW_TO);
  });

  test('with re-checks off, it synthesises in that region without a rule or a region assertion', () => {
    const t = Template.fromStack(buildStack({ iamEventRechecks: 'false' }, { region: 'eu-west-1' }));
    t.resourceCountIs('AWS::Events::Rule', 0);
    expect(Object.keys(rulesOf(t))).toEqual(['CheckBootstrapVersion']);
    // The state key follows the stack's region.
    expect(JSON.stringify(propsOf(t, stateKeyId(t)).KeyPolicy)).toContain('dynamodb.eu-west-1.amazonaws.com');
    // So does the topic key's SNS-only statement for the account's publishers.
    expect(snsPublishers(t).Condition).toEqual({
      StringEquals: {
        'kms:ViaService': 'sns.eu-west-1.amazonaws.com',
        'kms:CallerAccount': { Ref: 'AWS::AccountId' },
      },
    });
  });

  test('an environment-agnostic stack asserts us-east-1 at deploy time, with the same way out', () => {
    const t = Template.fromStack(buildStack({}, {}));
    const rules = Object.entries(rulesOf(t)).filter(([id]) => id !== 'CheckBootstrapVersion');
    expect(rules).toHaveLength(1);
    expect(rules[0]?.[1]).toEqual({
      Assertions: [
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
          AssertDescription: expect.stringMatching(HOW_TO) as unknown,
        },
      ],
    });
    t.resourceCountIs('AWS::Events::Rule', 1);
    // The topic key's SNS condition names the region CloudFormation deploys to.
    expect(snsPublishers(t).Condition?.StringEquals).toMatchObject({
      'kms:ViaService': { 'Fn::Join': ['', ['sns.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
    });
  });
});

test('no Allow statement anywhere grants a wildcard action', () => {
  for (const t of [template, full, always]) {
    const documents = JSON.stringify(t.toJSON());
    const statements: Statement[] = [];
    JSON.parse(documents, (key, value: unknown) => {
      if (key === 'Statement') statements.push(...asList(value as Statement | Statement[]));
      return value;
    });
    expect(statements.length).toBeGreaterThan(10);
    const wildcards = statements
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => asList(s.Action))
      .filter((a) => a.includes('*'));
    expect(wildcards).toEqual([]);
  }
});

describe('topic', () => {
  test('is encrypted with a customer-managed key that rotates', () => {
    const keyId = logicalId(always, 'AWS::KMS::Key');
    always.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: getAttArn(keyId) });
    always.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    expect(propsOf(template, topicKeyId(template)).EnableKeyRotation).toBe(true);
  });

  test('refuses publishing without TLS and lets only this account’s alarms publish as CloudWatch', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: Match.exact({
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:aws:cloudwatch:us-east-1:', { Ref: 'AWS::AccountId' }, ':alarm:*']],
                },
              },
            }),
          }),
        ]),
      },
    });
  });

  test('key policy: the account administers; the function, CloudWatch and the account through SNS encrypt', () => {
    const policy = propsOf(template, topicKeyId(template)).KeyPolicy as { Statement: Statement[] };
    const crypto = ['kms:Decrypt', 'kms:GenerateDataKey'];
    const users = policy.Statement.filter((s) => asList(s.Action).some((a) => crypto.includes(a)));
    expect(users.map((s) => s.Principal)).toEqual([
      { Service: 'cloudwatch.amazonaws.com' },
      { AWS: accountPrincipal },
      { AWS: { 'Fn::GetAtt': [functionRoleId(template), 'Arn'] } },
    ]);
    for (const s of users) expect(asList(s.Action).sort()).toEqual(crypto);
    expect(users[0]?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    const actions = policy.Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.includes('*') || a === 'kms:Encrypt')).toEqual([]);
  });

  test('key policy: principals of the account that IAM lets publish use the key through SNS in the region only', () => {
    for (const t of [template, full, always]) {
      expect(snsPublishers(t)).toEqual({
        Sid: 'AccountPublishesViaSns',
        Effect: 'Allow',
        Principal: { AWS: accountPrincipal },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'sns.us-east-1.amazonaws.com',
            'kms:CallerAccount': { Ref: 'AWS::AccountId' },
          },
        },
      });
    }
  });
});

describe('subscriptions', () => {
  test('none without alertEmails or Slack ids', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
  });

  test('one email subscription per address', () => {
    const topicRef = { Ref: logicalId(full, 'AWS::SNS::Topic') };
    full.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const endpoint of ['a@example.com', 'b@example.com']) {
      full.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: endpoint,
        TopicArn: topicRef,
      });
    }
  });

  test('Slack through AWS Chatbot with a read-only guardrail and a role without permissions', () => {
    const slack = props(full, 'AWS::Chatbot::SlackChannelConfiguration');
    expect(slack).toMatchObject({
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0456EFGH',
      LoggingLevel: 'ERROR',
      SnsTopicArns: [{ Ref: logicalId(full, 'AWS::SNS::Topic') }],
    });
    const guardrails = JSON.stringify(slack.GuardrailPolicies);
    expect(guardrails).toContain(':iam::aws:policy/ReadOnlyAccess');
    expect(guardrails).not.toContain('AdministratorAccess');
    const roleId = (slack.IamRoleArn as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    expect(roleStatements(full, roleId)).toEqual([]);
  });
});

describe('alarms', () => {
  test('function errors and dead letters notify the topic', () => {
    const topicRef = { Ref: logicalId(template, 'AWS::SNS::Topic') };
    // Alarms on the first 5-minute period with one error, or one undeliverable invocation.
    const common = {
      Threshold: 1,
      EvaluationPeriods: 1,
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    };
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(template, 'AWS::Lambda::Function') } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'QueueName'] } },
      ],
    });
  });
});

test('outputs: topic ARN, function name, and a ready dry-run command', () => {
  const fnRef = { Ref: logicalId(template, 'AWS::Lambda::Function') };
  template.hasOutput('TopicArn', { Value: { Ref: logicalId(template, 'AWS::SNS::Topic') } });
  template.hasOutput('FunctionName', { Value: fnRef });
  template.hasOutput('DryRunCommand', {
    Value: {
      'Fn::Join': [
        '',
        [
          'aws lambda invoke --region us-east-1 --function-name ',
          fnRef,
          ` --cli-binary-format raw-in-base64-out --payload '{"dryRun":true}' /dev/stdout`,
        ],
      ],
    },
  });
});

// In place of a whole-template snapshot: what it held beyond the tests above, asserted for what it
// means. Descriptions, logical ids, DependsOn, the bootstrap-version rule and the asset's location
// are left to aws-cdk-lib: a snapshot of them changed with every upgrade and taught `jest -u`.
describe('whole stack', () => {
  const inventory = (t: Template): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const r of Object.values(t.toJSON().Resources as Record<string, { Type: string }>)) {
      counts[r.Type] = (counts[r.Type] ?? 0) + 1;
    }
    return counts;
  };
  const ALWAYS_PRESENT = {
    'AWS::CloudWatch::Alarm': 2,
    'AWS::CloudWatch::Dashboard': 1,
    'AWS::IAM::ManagedPolicy': 1,
    'AWS::IAM::Policy': 2,
    'AWS::IAM::Role': 2,
    'AWS::KMS::Key': 1,
    'AWS::Lambda::EventInvokeConfig': 1,
    'AWS::Lambda::Function': 1,
    'AWS::Logs::LogGroup': 1,
    'AWS::SNS::Topic': 1,
    'AWS::SNS::TopicPolicy': 1,
    'AWS::SQS::Queue': 1,
    'AWS::SQS::QueuePolicy': 1,
    'AWS::Scheduler::Schedule': 1,
  };
  const DEFAULTS = {
    ...ALWAYS_PRESENT,
    'AWS::DynamoDB::Table': 1,
    'AWS::KMS::Key': 2,
    'AWS::Events::Rule': 1,
    'AWS::Lambda::Permission': 1,
  };

  test('exactly these resources: no function, role or custom resource arrives unnoticed', () => {
    expect(inventory(always)).toEqual(ALWAYS_PRESENT);
    expect(inventory(template)).toEqual(DEFAULTS);
    expect(inventory(full)).toEqual({
      ...DEFAULTS,
      'AWS::IAM::Role': 3,
      'AWS::SNS::Subscription': 2,
      'AWS::Chatbot::SlackChannelConfiguration': 1,
    });
  });

  test('deleting the stack deletes everything but the function’s logs', () => {
    for (const t of [template, full, always]) {
      const resources = Object.entries(
        t.toJSON().Resources as Record<
          string,
          { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
        >,
      );
      const retained = resources.filter(
        ([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete',
      );
      expect(retained.map(([id, r]) => [id, r.DeletionPolicy, r.UpdateReplacePolicy])).toEqual([
        [logicalId(t, 'AWS::Logs::LogGroup'), 'Retain', 'Retain'],
      ]);
      // Keys default to Retain in CDK: both are set to go with the stack (lib/alert-topic.ts, lib/state-table.ts).
      for (const [, r] of resources.filter(([, r]) => r.Type === 'AWS::KMS::Key')) {
        expect(r).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      }
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['default', () => defaultStack],
    ['email + Slack', () => fullStack],
    ['notify always, no re-checks', () => alwaysStack],
  ])('%s stack has no unacknowledged error or warning', (_name, stack) => {
    const report = new AwsSolutionsChecks().validateScope(stack());
    const findings = (severity: string): string[] =>
      report.violations
        .filter((v) => v.severity === severity)
        .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings('error')).toEqual([]);
    expect(findings('warning')).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('the checks do run: a bare queue is flagged', () => {
    const stack = new Stack();
    new sqs.Queue(stack, 'Bare', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
    );
  });
});
