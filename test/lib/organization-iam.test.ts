import { Template } from 'aws-cdk-lib/assertions';
import type { Statement } from './organization-template';
import { organizationTemplateParts as parts, render } from './organization-template';
import { buildStack } from './stack-fixture';

// Exactly which calls each role of the organization run may make, and on what (lib/organization/).
let org: Template;
let always: Template;

beforeAll(() => {
  org = Template.fromStack(buildStack({ organizationalUnitIds: 'ou-ab12-cd34ef56' }));
  always = Template.fromStack(
    buildStack({ organizationalUnitIds: 'r-ab12', notify: 'always', memberRoleName: 'SecurityAuditRead' }),
  );
});

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const IAM_READ = [
  'iam:GenerateCredentialReport',
  'iam:GetAccountSummary',
  'iam:GetCredentialReport',
  'iam:GetLoginProfile',
  'iam:ListAccountAliases',
  'iam:ListMFADevices',
  'iam:ListUserTags',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
];
const PUBLISH = ['kms:Decrypt', 'kms:GenerateDataKey', 'sns:Publish'];
const STATE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'kms:DescribeKey', 'kms:Encrypt'];
const sorted = (...lists: string[][]): string[] => [...new Set(lists.flat())].sort();
const objects = (t: Template, key: string): string => `<${parts(t).ids.bucket}.Arn>/${key}`;

describe('list function role', () => {
  test('reads the organization tree and writes the run listing, nothing else', () => {
    const { ids, actionsOf, resourcesOf } = parts(org);
    expect(actionsOf(ids.listRole)).toEqual(
      sorted(LOGS, [
        'organizations:DescribeOrganization',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
        's3:PutObject',
      ]),
    );
    expect(resourcesOf(ids.listRole, 's3:PutObject')).toEqual([
      objects(org, 'runs/*/items.json'),
      objects(org, 'runs/*/listing.json'),
    ]);
    expect(resourcesOf(ids.listRole, 'organizations:ListAccountsForParent')).toEqual(['*']);
  });
});

describe('account function role (the auditor role members trust)', () => {
  test('assumes only the member role by name, in any account', () => {
    const { ids, resourcesOf } = parts(org);
    expect(resourcesOf(ids.auditAccountRole, 'sts:AssumeRole')).toEqual([
      'arn:<AWS::Partition>:iam::*:role/MfaAuditorReadRole',
    ]);
    const custom = parts(always);
    expect(custom.resourcesOf(custom.ids.auditAccountRole, 'sts:AssumeRole')).toEqual([
      'arn:<AWS::Partition>:iam::*:role/SecurityAuditRead',
    ]);
  });

  test("reads this account's IAM, writes account reports, publishes and keeps alert state", () => {
    const { ids, actionsOf, resourcesOf } = parts(org);
    expect(actionsOf(ids.auditAccountRole)).toEqual(
      sorted(LOGS, IAM_READ, PUBLISH, STATE, ['s3:PutObject', 'sts:AssumeRole']),
    );
    expect(resourcesOf(ids.auditAccountRole, 's3:PutObject')).toEqual([objects(org, 'runs/*/accounts/*')]);
    expect(resourcesOf(ids.auditAccountRole, 'iam:GetLoginProfile')).toEqual([
      'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*',
    ]);
    expect(resourcesOf(ids.auditAccountRole, 'sns:Publish')).toEqual([`<${ids.topic}>`]);
  });

  test('notify: always has no state table to use', () => {
    const { ids, actionsOf } = parts(always);
    expect(actionsOf(ids.auditAccountRole)).toEqual(
      sorted(LOGS, IAM_READ, PUBLISH, ['s3:PutObject', 'sts:AssumeRole']),
    );
  });

  test('trusted by Lambda only', () => {
    const { ids } = parts(org);
    const role = org.toJSON().Resources[ids.auditAccountRole] as {
      Properties: { AssumeRolePolicyDocument: { Statement: Statement[] } };
    };
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });
});

describe('aggregate function role', () => {
  test('reads the run, writes only the organization report, publishes and keeps alert state', () => {
    const { ids, actionsOf, resourcesOf } = parts(org);
    expect(actionsOf(ids.aggregateRole)).toEqual(
      sorted(LOGS, PUBLISH, STATE, ['s3:GetObject', 's3:ListBucket', 's3:PutObject']),
    );
    expect(resourcesOf(ids.aggregateRole, 's3:GetObject')).toEqual([objects(org, 'runs/*')]);
    expect(resourcesOf(ids.aggregateRole, 's3:PutObject')).toEqual([
      objects(org, 'runs/*/organization-report.json'),
    ]);
    // Only so that a missing report reads as NoSuchKey (not AccessDenied): the bucket, no object.
    expect(resourcesOf(ids.aggregateRole, 's3:ListBucket')).toEqual([`<${ids.bucket}.Arn>`]);
  });

  test('notify: always has no state table to use', () => {
    const { ids, actionsOf } = parts(always);
    expect(actionsOf(ids.aggregateRole)).toEqual(
      sorted(LOGS, PUBLISH, ['s3:GetObject', 's3:ListBucket', 's3:PutObject']),
    );
  });
});

describe('state machine role', () => {
  test('invokes the three functions, reads items.json, writes results, logs, traces, runs its map', () => {
    const { ids, actionsOf, resourcesOf } = parts(org);
    expect(actionsOf(ids.stateMachineRole)).toEqual(
      sorted([
        'lambda:InvokeFunction',
        's3:AbortMultipartUpload',
        's3:GetObject',
        's3:ListMultipartUploadParts',
        's3:PutObject',
        'logs:CreateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:DescribeLogGroups',
        'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:UpdateLogDelivery',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
        'states:DescribeExecution',
        'states:RedriveExecution',
        'states:StartExecution',
        'states:StopExecution',
      ]),
    );
    const fns = [ids.aggregate, ids.auditAccount, ids.list];
    expect(resourcesOf(ids.stateMachineRole, 'lambda:InvokeFunction').sort()).toEqual(
      [...fns.map((id) => `<${id}.Arn>`), ...fns.map((id) => `<${id}.Arn>:*`)].sort(),
    );
    expect(resourcesOf(ids.stateMachineRole, 's3:GetObject').sort()).toEqual(
      [objects(org, 'runs/*/items.json'), objects(org, 'runs/results/*')].sort(),
    );
    expect(resourcesOf(ids.stateMachineRole, 's3:PutObject')).toEqual([objects(org, 'runs/results/*')]);
    expect(resourcesOf(ids.stateMachineRole, 'states:StartExecution')).toEqual([`<${ids.stateMachine}>`]);
  });
});

test('no Allow statement anywhere grants a wildcard action', () => {
  for (const t of [org, always]) {
    const statements: Statement[] = [];
    JSON.parse(JSON.stringify(t.toJSON()), (key, value: unknown) => {
      if (key === 'Statement')
        statements.push(...(Array.isArray(value) ? (value as Statement[]) : [value as Statement]));
      return value;
    });
    const wildcards = statements
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
      .filter((a) => a.includes('*'));
    expect(wildcards).toEqual([]);
  }
});

test('the state table key names each role that uses it, once, with a Sid of its own', () => {
  const { ids } = parts(org);
  const keys = Object.entries(org.findResources('AWS::KMS::Key'));
  const stateKey = keys.find(([id]) => id.startsWith('MfaAuditorStateKey'));
  const statements = (
    stateKey?.[1].Properties as { KeyPolicy: { Statement: (Statement & { Principal: unknown })[] } }
  ).KeyPolicy.Statement;
  const users = statements.filter((s) => render(s.Principal).includes('Role'));
  expect(users.map((s) => [s.Sid, render((s.Principal as { AWS: unknown }).AWS)])).toEqual([
    ['AuditFunctionUsesKeyViaDynamoDB', expect.stringContaining('MfaAuditorFunctionRole')],
    ['AccountFunctionUsesKeyViaDynamoDB', `<${ids.auditAccountRole}.Arn>`],
    ['AggregateFunctionUsesKeyViaDynamoDB', `<${ids.aggregateRole}.Arn>`],
  ]);
});
