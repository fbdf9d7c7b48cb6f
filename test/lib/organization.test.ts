import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MfaAuditor } from '../../lib/mfa-auditor';
import type { MfaAuditorStack } from '../../lib/mfa-auditor-stack';
import { RUN_RETENTION_DAYS } from '../../lib/organization/report-bucket';
import { organizationTemplateParts as parts } from './organization-template';
import { buildStack } from './stack-fixture';

// Two organization-mode synths (bundling skipped: stack-fixture.ts): the defaults (notify: changes,
// IAM event re-checks on) and one with every organization setting given, notify always, this
// account's re-checks off and the members' IAM events forwarded.
const OU = 'ou-ab12-cd34ef56';
let defaultStack: MfaAuditorStack;
let customStack: MfaAuditorStack;
let org: Template;
let custom: Template;

beforeAll(() => {
  defaultStack = buildStack({ organizationalUnitIds: OU });
  customStack = buildStack({
    organizationalUnitIds: `${OU}, r-ab12`,
    accountConcurrency: '7',
    memberRoleName: 'SecurityAuditRead',
    notify: 'always',
    iamEventRechecks: 'false',
    forwardIamEvents: 'true',
    stackSetCallAs: 'DELEGATED_ADMIN',
  });
  org = Template.fromStack(defaultStack);
  custom = Template.fromStack(customStack);
});

describe('state machine', () => {
  test('ListAccounts -> AnyAccounts -> AuditAccounts | NoAccounts -> Aggregate, a day at most, traced', () => {
    const { definition, ids } = parts(org);
    expect(definition.StartAt).toBe('ListAccounts');
    expect(Object.keys(definition.States).sort()).toEqual(
      ['Aggregate', 'AnyAccounts', 'AuditAccounts', 'ListAccounts', 'MapFailed', 'NoAccounts'].sort(),
    );
    expect(definition.States.ListAccounts).toMatchObject({ Type: 'Task', Next: 'AnyAccounts' });
    expect(definition.States.AnyAccounts).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.list.accounts', NumericGreaterThan: 0, Next: 'AuditAccounts' }],
      Default: 'NoAccounts',
    });
    expect(definition.States.AuditAccounts).toMatchObject({ Type: 'Map', Next: 'Aggregate' });
    // A map that fails as a whole still goes on to the aggregation, its Error and Cause at $.map.
    expect(definition.States.AuditAccounts.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.map', Next: 'MapFailed' },
    ]);
    expect(definition.States.MapFailed).toEqual({
      Type: 'Pass',
      Parameters: {
        'ResultWriterDetails.$': "States.StringToJson('null')",
        'Error.$': '$.map.Error',
        'Cause.$': '$.map.Cause',
      },
      ResultPath: '$.map',
      Next: 'Aggregate',
    });
    expect(definition.States.Aggregate).toMatchObject({ Type: 'Task', End: true });
    expect(definition.TimeoutSeconds).toBe(24 * 3600);
    org.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      RoleArn: { 'Fn::GetAtt': [ids.stateMachineRole, 'Arn'] },
    });
  });

  test('ListAccounts gets the execution name as runId and keeps its result at $.list', () => {
    const { definition, ids } = parts(org);
    expect(definition.States.ListAccounts).toMatchObject({
      Resource: `<${ids.list}.Arn>`,
      Parameters: { 'runId.$': '$$.Execution.Name' },
      ResultPath: '$.list',
    });
  });

  test('AuditAccounts: a DISTRIBUTED map of STANDARD children, 40 at a time, tolerating every failure', () => {
    const map = parts(org).definition.States.AuditAccounts;
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.MaxConcurrency).toBe(40);
    expect(map.ToleratedFailurePercentage).toBe(100);
    expect(map.ResultPath).toBe('$.map');
  });

  test('MaxConcurrency comes from accountConcurrency', () => {
    expect(parts(custom).definition.States.AuditAccounts.MaxConcurrency).toBe(7);
  });

  test('ItemReader: the JSON array in the run bucket at the key ListAccounts returned', () => {
    const { definition, ids } = parts(org);
    expect(definition.States.AuditAccounts.ItemReader).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { Bucket: `<${ids.bucket}>`, 'Key.$': '$.list.itemsKey' },
    });
  });

  test('ResultWriter: the run bucket under runs/results', () => {
    const { definition, ids } = parts(org);
    expect(definition.States.AuditAccounts.ResultWriter).toEqual({
      Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
      Parameters: { Bucket: `<${ids.bucket}>`, Prefix: 'runs/results' },
    });
  });

  test('each item invokes the account function with the item, retrying Lambda service errors and throttling', () => {
    const { definition, ids } = parts(org);
    const processor = definition.States.AuditAccounts.ItemProcessor;
    expect(processor.StartAt).toBe('AuditAccount');
    const item = processor.States.AuditAccount;
    // No Parameters: the function gets the item as items.json holds it.
    expect(item).toMatchObject({ Type: 'Task', End: true, Resource: `<${ids.auditAccount}.Arn>` });
    expect(item.Parameters).toBeUndefined();
    const retried = (item.Retry as { ErrorEquals: string[] }[]).flatMap((r) => r.ErrorEquals);
    expect(retried.sort()).toEqual(
      [
        'Lambda.AWSLambdaException',
        'Lambda.ClientExecutionTimeoutException',
        'Lambda.SdkClientException',
        'Lambda.ServiceException',
        'Lambda.TooManyRequestsException',
      ].sort(),
    );
    // The handler's own failure is not retried: the aggregation reports the account as not audited.
    expect(retried).not.toContain('States.ALL');
    expect(retried).not.toContain('States.TaskFailed');
  });

  test('with no account listed, the aggregation still runs, told the map wrote no results', () => {
    expect(parts(org).definition.States.NoAccounts).toEqual({
      Type: 'Pass',
      Result: { ResultWriterDetails: null },
      ResultPath: '$.map',
      Next: 'Aggregate',
    });
  });

  test("Aggregate gets the runId, the map's ResultWriterDetails and its output (a failed map's Error and Cause)", () => {
    const { definition, ids } = parts(org);
    expect(definition.States.Aggregate).toEqual(
      expect.objectContaining({
        Resource: `<${ids.aggregate}.Arn>`,
        Parameters: {
          'runId.$': '$.list.runId',
          'resultWriterDetails.$': '$.map.ResultWriterDetails',
          'map.$': '$.map',
        },
      }),
    );
  });

  test('logs ALL with execution data to a log group under a rotating key only CloudWatch Logs may use', () => {
    const sm = parts(org).stateMachine;
    const logConfig = sm.LoggingConfiguration as {
      Level: string;
      IncludeExecutionData: boolean;
      Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }[];
    };
    expect(logConfig.Level).toBe('ALL');
    expect(logConfig.IncludeExecutionData).toBe(true);
    const logGroupId = logConfig.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0] ?? '';
    const logGroup = org.toJSON().Resources[logGroupId] as { Properties: { KmsKeyId: unknown } };
    const keyId = (logGroup.Properties.KmsKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = org.toJSON().Resources[keyId] as {
      Properties: {
        EnableKeyRotation: boolean;
        KeyPolicy: { Statement: { Sid: string; Principal: unknown }[] };
      };
    };
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement.map((s) => [s.Sid, s.Principal])).toEqual([
      ['AccountAdministersKey', expect.anything()],
      ['CloudWatchLogsEncrypts', { Service: 'logs.us-east-1.amazonaws.com' }],
    ]);
  });
});

describe('schedule', () => {
  test('starts the state machine with {} (the execution name is the run id), not the function', () => {
    const { ids } = parts(org);
    org.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      Target: { Arn: { Ref: ids.stateMachine }, Input: '{}' },
    });
  });

  test('its role may start this state machine and dead-letter, nothing else', () => {
    const schedule = org.findResources('AWS::Scheduler::Schedule');
    const target = (
      Object.values(schedule)[0]?.Properties as { Target: { RoleArn: { 'Fn::GetAtt': [string] } } }
    ).Target;
    const roleId = target.RoleArn['Fn::GetAtt'][0];
    const statements = parts(org).statementsOf(roleId);
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      ['states:StartExecution', { Ref: parts(org).ids.stateMachine }],
      ['sqs:SendMessage', expect.anything()],
    ]);
  });
});

describe('IAM event re-checks', () => {
  test("this account's rule targets the account function", () => {
    const { ids } = parts(org);
    const rules = Object.values(org.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    expect((rules[0]?.Properties as { Targets: { Arn: unknown }[] }).Targets.map((t) => t.Arn)).toEqual([
      { 'Fn::GetAtt': [ids.auditAccount, 'Arn'] },
    ]);
  });

  test("absent with iamEventRechecks=false: only the central bus's rule remains", () => {
    const rules = Object.values(custom.findResources('AWS::Events::Rule'));
    expect(rules.map((r) => (r.Properties as { EventBusName?: unknown }).EventBusName)).toEqual([
      { Ref: busId(custom) },
    ]);
  });
});

const busId = (t: Template): string => {
  const ids = Object.keys(t.findResources('AWS::Events::EventBus'));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};
const stackSetOf = (t: Template): Record<string, unknown> => {
  const sets = Object.values(t.findResources('AWS::CloudFormation::StackSet'));
  expect(sets).toHaveLength(1);
  return sets[0]?.Properties as Record<string, unknown>;
};

describe('member accounts', () => {
  test('the StackSet targets the OUs, trusts the auditor role, names the member role', () => {
    const { ids } = parts(org);
    const stackSet = stackSetOf(org);
    expect(stackSet).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU] }, Regions: ['us-east-1'] }],
      Parameters: [
        { ParameterKey: 'AuditorRoleArn', ParameterValue: { 'Fn::GetAtt': [ids.auditAccountRole, 'Arn'] } },
      ],
    });
    expect(stackSet.TemplateBody).toContain('"RoleName":"MfaAuditorReadRole"');
    org.resourceCountIs('AWS::Events::EventBus', 0);
  });

  test('forwardIamEvents: a central bus whose rule re-checks with the account function; members get its ARN', () => {
    const { ids } = parts(custom);
    const stackSet = stackSetOf(custom);
    expect(stackSet).toMatchObject({
      CallAs: 'DELEGATED_ADMIN',
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU, 'r-ab12'] } }],
    });
    expect(stackSet.Parameters).toEqual([
      { ParameterKey: 'AuditorRoleArn', ParameterValue: { 'Fn::GetAtt': [ids.auditAccountRole, 'Arn'] } },
      { ParameterKey: 'CentralEventBusArn', ParameterValue: { 'Fn::GetAtt': [busId(custom), 'Arn'] } },
    ]);
    expect(stackSet.TemplateBody).toContain('"RoleName":"SecurityAuditRead"');
    const [rule] = Object.values(custom.findResources('AWS::Events::Rule'));
    expect((rule?.Properties as { Targets: { Arn: unknown }[] }).Targets.map((t) => t.Arn)).toEqual([
      { 'Fn::GetAtt': [ids.auditAccount, 'Arn'] },
    ]);
    custom.hasOutput('CentralEventBusArn', { Value: { 'Fn::GetAtt': [busId(custom), 'Arn'] } });
  });
});

describe('run functions', () => {
  test('Node.js 24 on arm64, 900 s, own log groups; one listing and one aggregation at a time', () => {
    const { ids, fn } = parts(org);
    for (const id of [ids.list, ids.auditAccount, ids.aggregate]) {
      expect(fn(id)).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 900 });
      const logGroupId = (fn(id).LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(org.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
      });
    }
    expect(fn(ids.list).ReservedConcurrentExecutions).toBe(1);
    expect(fn(ids.aggregate).ReservedConcurrentExecutions).toBe(1);
    // The map's MaxConcurrency bounds it; a reservation would hold capacity between runs.
    expect(fn(ids.auditAccount).ReservedConcurrentExecutions).toBeUndefined();
  });

  test('environment: the handler settings, the bucket, the OUs and the member role name', () => {
    const { ids, fn } = parts(custom);
    for (const id of [ids.list, ids.auditAccount, ids.aggregate]) {
      expect((fn(id).Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
        REPORT_BUCKET: { Ref: ids.bucket },
        ORGANIZATIONAL_UNIT_IDS: `${OU},r-ab12`,
        MEMBER_ROLE_NAME: 'SecurityAuditRead',
        NOTIFY: 'always',
        TOPIC_ARN: expect.anything(),
      });
    }
  });

  test("the single-account function stays for on-demand audits, without the organization's settings", () => {
    const { ids, fn } = parts(org);
    const variables = (fn(ids.single).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(variables)).not.toEqual(
      expect.arrayContaining(['ORGANIZATIONAL_UNIT_IDS', 'MEMBER_ROLE_NAME', 'REPORT_BUCKET']),
    );
    for (const name of ['ORGANIZATIONAL_UNIT_IDS', 'MEMBER_ROLE_NAME', 'REPORT_BUCKET']) {
      expect(variables[name]).toBeUndefined();
    }
  });
});

describe('run bucket', () => {
  test('S3-managed encryption, no public access, TLS only, runs/ expire after the documented days', () => {
    const { ids } = parts(org);
    const bucket = org.toJSON().Resources[ids.bucket] as { Properties: unknown; DeletionPolicy: string };
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireRuns',
            Prefix: 'runs/',
            ExpirationInDays: RUN_RETENTION_DAYS,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
    expect(RUN_RETENTION_DAYS).toBe(365);
    // Audit evidence: kept when the stack is deleted.
    expect(bucket.DeletionPolicy).toBe('Retain');
    org.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ],
      },
    });
  });
});

describe('alarms', () => {
  test('failed or timed-out runs, and account function errors, notify the topic', () => {
    const { ids } = parts(org);
    const topic = { Ref: ids.topic };
    const alarms = Object.values(org.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => r.Properties as Record<string, unknown>,
    );
    // The single-account function's two, and the organization run's two.
    expect(alarms).toHaveLength(4);
    const run = alarms.find((a) => JSON.stringify(a.Metrics ?? '').includes('ExecutionsFailed'));
    expect(run).toMatchObject({ Threshold: 1, AlarmActions: [topic], TreatMissingData: 'notBreaching' });
    const metrics = JSON.stringify(run?.Metrics);
    expect(metrics).toContain('ExecutionsTimedOut');
    expect(metrics).toContain(ids.stateMachine);
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: ids.auditAccount } }],
        AlarmActions: [topic],
      }),
    );
  });
});

test('outputs: state machine, bucket, auditor role and a start-execution command', () => {
  const { ids } = parts(org);
  org.hasOutput('StateMachineArn', { Value: { Ref: ids.stateMachine } });
  org.hasOutput('ReportBucketName', { Value: { Ref: ids.bucket } });
  org.hasOutput('AuditorRoleArn', { Value: { 'Fn::GetAtt': [ids.auditAccountRole, 'Arn'] } });
  org.hasOutput('MemberStackSetName', {});
  expect(Object.keys(org.toJSON().Outputs as object)).not.toContain('CentralEventBusArn');
  org.hasOutput('StartRunCommand', {
    Value: {
      'Fn::Join': [
        '',
        [
          'aws stepfunctions start-execution --region us-east-1 --state-machine-arn ',
          { Ref: ids.stateMachine },
          " --input '{}'",
        ],
      ],
    },
  });
});

describe('single-account mode', () => {
  test('has no organization resource or output', () => {
    const single = Template.fromStack(buildStack({ notify: 'always', iamEventRechecks: 'false' }));
    for (const type of ['AWS::StepFunctions::StateMachine', 'AWS::S3::Bucket'])
      single.resourceCountIs(type, 0);
    single.resourceCountIs('AWS::Lambda::Function', 1);
    expect(Object.keys(single.toJSON().Outputs as object).sort()).toEqual([
      'DryRunCommand',
      'EnforcePolicyArn',
      'FunctionName',
      'TopicArn',
    ]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['default organization', () => defaultStack],
    ['custom organization', () => customStack],
  ])('%s stack has no unacknowledged error or warning', (_name, stack) => {
    const report = new AwsSolutionsChecks().validateScope(stack());
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('organization settings are validated at synth, naming key and value', () => {
  test.each([
    [{ organizationalUnitIds: 'ou-bad' }, /organizationalUnitIds.*"ou-bad"/],
    [{ organizationalUnitIds: 'o-ab12cd34ef' }, /organizationalUnitIds.*"o-ab12cd34ef"/],
    [{ organizationalUnitIds: `${OU},,r-ab12` }, /organizationalUnitIds.*none of them empty/],
    [{ organizationalUnitIds: OU, accountConcurrency: '0' }, /accountConcurrency.*from 1 to 1000.*"0"/],
    [{ organizationalUnitIds: OU, accountConcurrency: '1001' }, /accountConcurrency.*from 1 to 1000.*"1001"/],
    [{ organizationalUnitIds: OU, accountConcurrency: '40x' }, /accountConcurrency.*"40x"/],
    [{ organizationalUnitIds: OU, memberRoleName: 'read role' }, /memberRoleName.*"read role"/],
    [{ organizationalUnitIds: OU, forwardIamEvents: 'yes' }, /forwardIamEvents.*true or false.*"yes"/],
  ])('the stack refuses %j', (context, message) => {
    expect(() => buildStack(context)).toThrow(message);
  });

  test.each([
    [{ organizationalUnitIds: [OU], accountConcurrency: 0 }, /accountConcurrency.*0/],
    [{ organizationalUnitIds: [OU], accountConcurrency: 2.5 }, /accountConcurrency.*2.5/],
    [{ organizationalUnitIds: ['ou-1'] }, /organizationalUnitIds.*"ou-1"/],
  ])('the construct refuses props %j', (badProps, message) => {
    expect(() => new MfaAuditor(new Stack(), 'Auditor', badProps)).toThrow(message);
  });
});
