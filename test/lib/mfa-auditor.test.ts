import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MfaAuditorStack } from '../../lib/mfa-auditor-stack';
import { buildStack } from './stack-fixture';

// Two synths (each bundles the handler with esbuild), shared by every test below.
let defaultStack: MfaAuditorStack;
let fullStack: MfaAuditorStack;
let template: Template;
let full: Template;

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
  });
  template = Template.fromStack(defaultStack);
  full = Template.fromStack(fullStack);
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
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
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
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
      },
    });
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
      POWERTOOLS_SERVICE_NAME: 'mfa-auditor',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    full.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRY_RUN: 'true', STRATEGY: 'live' }) },
    });
  });
});

describe('function role', () => {
  const IAM_ACCOUNT_WIDE = [
    'iam:GenerateCredentialReport',
    'iam:GetAccountSummary',
    'iam:GetCredentialReport',
    'iam:ListAccountAliases',
    'iam:ListUsers',
  ];
  const IAM_PER_USER = ['iam:GetLoginProfile', 'iam:ListMFADevices', 'iam:ListUserTags'];

  test('may call exactly the audit’s read-only IAM APIs, publish, and write its logs', () => {
    const statements = roleStatements(template, functionRoleId(template));
    const actions = new Set(statements.flatMap((s) => asList(s.Action)));
    expect([...actions].sort()).toEqual(
      [
        ...IAM_ACCOUNT_WIDE,
        ...IAM_PER_USER,
        'sns:Publish',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ].sort(),
    );
    expect([...actions].filter((a) => a.includes('*'))).toEqual([]);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
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
      { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key'), 'Arn'] },
    ]);
    expect(resourceOf('logs:PutLogEvents')).toEqual([
      { 'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup'), 'Arn'] },
    ]);
  });
});

test('no Allow statement anywhere grants a wildcard action', () => {
  for (const t of [template, full]) {
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
    const keyId = logicalId(template, 'AWS::KMS::Key');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
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
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    });
  });

  test('key policy: the account administers, only the function and CloudWatch encrypt', () => {
    const policy = props(template, 'AWS::KMS::Key').KeyPolicy as { Statement: Statement[] };
    const crypto = ['kms:Decrypt', 'kms:GenerateDataKey'];
    const users = policy.Statement.filter((s) => asList(s.Action).some((a) => crypto.includes(a)));
    expect(users.map((s) => s.Principal)).toEqual([
      { Service: 'cloudwatch.amazonaws.com' },
      { AWS: { 'Fn::GetAtt': [functionRoleId(template), 'Arn'] } },
    ]);
    for (const s of users) expect(asList(s.Action).sort()).toEqual(crypto);
    expect(users[0]?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
    const actions = policy.Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.includes('*') || a === 'kms:Encrypt')).toEqual([]);
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
    const common = {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    };
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(template, 'AWS::Lambda::Function') } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
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

test('template snapshot (asset hashes masked)', () => {
  const masked = JSON.stringify(template.toJSON(), null, 2)
    .replace(/"S3Key": "[^"]*"/g, '"S3Key": "[ASSET].zip"')
    .replace(/\b[0-9a-f]{64}\b/g, '[HASH]');
  expect(JSON.parse(masked)).toMatchSnapshot();
});

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['default', () => defaultStack],
    ['email + Slack', () => fullStack],
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
