import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../lambda/settings/parse';
import { MEMBER_IAM_ACTIONS } from '../../lib/iam-actions';
import {
  AUDITOR_ROLE_ARN_PARAMETER,
  CENTRAL_EVENT_BUS_ARN_PARAMETER,
  EVENT_BUS_ARN_PATTERN,
  MfaAuditorMemberRoleStack,
  ROLE_ARN_PATTERN,
} from '../../lib/organization/member-role-stack';
import {
  createMemberStackSet,
  memberTemplateBody,
  TEMPLATE_BODY_MAX_BYTES,
} from '../../lib/organization/member-stack-set';
import type { CentralFixture } from './organization-fixture';
import { buildCentralStack, buildMemberStack, OU_IDS } from './organization-fixture';
import { buildStack } from './stack-fixture';

type Json = Record<string, unknown>;
interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Json;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const resourcesOf = (t: Template | Json, type: string): [string, Json][] => {
  const json = t instanceof Template ? t.toJSON() : t;
  return Object.entries((json.Resources ?? {}) as Record<string, Json>).filter(([, r]) => r.Type === type);
};
const only = (t: Template | Json, type: string): [string, Json] => {
  const found = resourcesOf(t, type);
  expect(found).toHaveLength(1);
  return found[0] as [string, Json];
};
const propsOf = (t: Template | Json, type: string): Json => only(t, type)[1].Properties as Json;
const inventory = (t: Template | Json): Record<string, number> => {
  const json = t instanceof Template ? t.toJSON() : t;
  const counts: Record<string, number> = {};
  for (const r of Object.values((json.Resources ?? {}) as Record<string, { Type: string }>)) {
    counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  }
  return counts;
};
const actionsOf = (statements: readonly Statement[]): string[] =>
  [...new Set(statements.flatMap((s) => asList(s.Action)))].sort();
const param = (name: string): Json => ({ Ref: name });
const getAttArn = (id: string): Json => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** Every action of every policy in the template, to check none is a wildcard. */
const allActions = (t: Template): string[] =>
  JSON.stringify(t.toJSON())
    .match(/"Action":(\[[^\]]*\]|"[^"]*")/g)
    ?.flatMap((m) => asList(JSON.parse(m.slice('"Action":'.length)) as string | string[])) ?? [];

// Synthesized once each: members without and with forwarding, the central side without and with
// the bus. The single-account stack gives the reference re-check pattern.
let memberOff: MfaAuditorMemberRoleStack;
let memberOn: MfaAuditorMemberRoleStack;
let off: Template;
let on: Template;
let centralOff: CentralFixture;
let centralOn: CentralFixture;
let stackSetOff: Json;
let stackSetOn: Json;
let busTemplate: Template;
let singleAccountPattern: unknown;

beforeAll(() => {
  memberOff = buildMemberStack();
  memberOn = buildMemberStack({ forwardIamEvents: true });
  off = Template.fromStack(memberOff);
  on = Template.fromStack(memberOn);
  centralOff = buildCentralStack({
    forwardIamEvents: false,
    callAs: 'DELEGATED_ADMIN',
    roleName: 'SecAudit',
  });
  centralOn = buildCentralStack({ forwardIamEvents: true });
  stackSetOff = propsOf(Template.fromStack(centralOff.stack), 'AWS::CloudFormation::StackSet');
  busTemplate = Template.fromStack(centralOn.stack);
  stackSetOn = propsOf(busTemplate, 'AWS::CloudFormation::StackSet');
  singleAccountPattern = propsOf(Template.fromStack(buildStack()), 'AWS::Events::Rule').EventPattern;
});

describe('member role stack', () => {
  const readRoleId = (t: Template): string => {
    const [id] = resourcesOf(t, 'AWS::IAM::Role').find(([, r]) => (r.Properties as Json).RoleName) ?? [''];
    return id;
  };
  const readRole = (t: Template): Json =>
    (t.toJSON().Resources as Record<string, Json>)[readRoleId(t)] as Json;

  test('AuditorRoleArn: a role ARN parameter, the only one without forwarding', () => {
    expect(off.toJSON().Parameters).toEqual({
      [AUDITOR_ROLE_ARN_PARAMETER]: expect.objectContaining({
        Type: 'String',
        AllowedPattern: ROLE_ARN_PATTERN,
      }),
    });
  });

  test.each([
    ['arn:aws:iam::123456789012:role/MfaAuditorFunctionRole', true],
    ['arn:aws:iam::123456789012:role/service-role/path/Name+=,.@_-', true],
    ['arn:aws-us-gov:iam::123456789012:role/x', true],
    ['arn:aws:iam::123456789012:user/alice', false],
    ['arn:aws:iam::123456789012:root', false],
    ['arn:aws:iam::12345678901:role/x', false],
    ['*', false],
    ['arn:aws:iam::123456789012:role/x\n', false],
  ])('the AuditorRoleArn pattern on %j: %s', (arn, accepted) => {
    expect(new RegExp(ROLE_ARN_PATTERN).test(arn)).toBe(accepted);
  });

  test('only the AuditorRoleArn principal may assume the read role', () => {
    for (const t of [off, on]) {
      const trust = (readRole(t).Properties as Json).AssumeRolePolicyDocument as { Statement: Statement[] };
      expect(trust.Statement).toEqual([
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: param(AUDITOR_ROLE_ARN_PARAMETER) } },
      ]);
    }
  });

  test('named MfaAuditorReadRole by default, sessions of at most an hour', () => {
    expect(readRole(off).Properties).toMatchObject({
      RoleName: 'MfaAuditorReadRole',
      MaxSessionDuration: 3600,
    });
    const named = Template.fromStack(buildMemberStack({ roleName: 'SecurityAuditReadOnly' }));
    expect(readRole(named).Properties).toMatchObject({ RoleName: 'SecurityAuditReadOnly' });
  });

  test('a role name IAM would refuse fails synth, naming the setting', () => {
    expect(() => buildMemberStack({ roleName: 'no spaces allowed' })).toThrow(ConfigError);
    expect(() => buildMemberStack({ roleName: 'no spaces allowed' })).toThrow('memberRoleName');
  });

  test("exactly the audit's IAM read actions, each at the narrowest resource, inline in the role", () => {
    for (const t of [off, on]) {
      const role = readRole(t).Properties as Json;
      expect(role.ManagedPolicyArns).toBeUndefined();
      // Nothing attached from outside the role: its permissions arrive with it.
      const attached = resourcesOf(t, 'AWS::IAM::Policy').filter(([, p]) =>
        JSON.stringify((p.Properties as Json).Roles).includes(readRoleId(t)),
      );
      expect(attached).toEqual([]);
      const statements = (role.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
        (p) => p.PolicyDocument.Statement,
      );
      expect(statements).toEqual([
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
          Resource: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/*'],
            ],
          },
        },
      ]);
    }
  });

  test('no wildcard action anywhere in the template', () => {
    for (const t of [off, on]) {
      const actions = allActions(t);
      expect(actions.length).toBeGreaterThan(0);
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    }
  });

  test('without forwarding: the role and nothing else (no rule, no bus parameter, no assets)', () => {
    expect(inventory(off)).toEqual({ 'AWS::IAM::Role': 1 });
    expect(off.toJSON().Parameters).not.toHaveProperty(CENTRAL_EVENT_BUS_ARN_PARAMETER);
    expect(memberOff.forwardingRule).toBeUndefined();
  });

  describe('with forwardIamEvents', () => {
    test('adds the CentralEventBusArn parameter, an event bus ARN', () => {
      expect(on.toJSON().Parameters[CENTRAL_EVENT_BUS_ARN_PARAMETER]).toMatchObject({
        Type: 'String',
        AllowedPattern: EVENT_BUS_ARN_PATTERN,
      });
      const pattern = new RegExp(EVENT_BUS_ARN_PATTERN);
      expect(pattern.test('arn:aws:events:us-east-1:123456789012:event-bus/MfaAuditorOrganizationBus')).toBe(
        true,
      );
      expect(pattern.test('arn:aws:events:us-east-1:123456789012:rule/x')).toBe(false);
      expect(pattern.test('arn:aws:sqs:us-east-1:123456789012:event-bus/x')).toBe(false);
    });

    test('a rule on the default bus with the re-check pattern of the single-account stack', () => {
      const rule = propsOf(on, 'AWS::Events::Rule');
      expect(rule.EventBusName).toBeUndefined();
      expect(rule.EventPattern).toEqual(singleAccountPattern);
      expect(rule.State).toBe('ENABLED');
    });

    test('targets the central bus through a role, as EventBridge requires for a bus shared with an organization', () => {
      const roleId = memberOn.getLogicalId(memberOn.forwardingRole?.node.defaultChild as iam.CfnRole);
      expect(propsOf(on, 'AWS::Events::Rule').Targets).toEqual([
        { Id: 'Target0', Arn: param(CENTRAL_EVENT_BUS_ARN_PARAMETER), RoleArn: getAttArn(roleId) },
      ]);
    });

    test('the forwarding role: EventBridge for this account only, events:PutEvents on the central bus only', () => {
      const roleId = memberOn.getLogicalId(memberOn.forwardingRole?.node.defaultChild as iam.CfnRole);
      const role = (on.toJSON().Resources as Record<string, Json>)[roleId]?.Properties as Json;
      expect((role.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ]);
      expect(role.ManagedPolicyArns).toBeUndefined();
      expect(role.Policies).toBeUndefined();
      const policy = propsOf(on, 'AWS::IAM::Policy');
      expect(policy.Roles).toEqual([{ Ref: roleId }]);
      expect((policy.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: param(CENTRAL_EVENT_BUS_ARN_PARAMETER) },
      ]);
      expect(inventory(on)).toEqual({ 'AWS::IAM::Role': 2, 'AWS::IAM::Policy': 1, 'AWS::Events::Rule': 1 });
    });

    test('refuses a region other than us-east-1 (at synth when known, at deploy otherwise)', () => {
      expect(() => buildMemberStack({ forwardIamEvents: true }, { region: 'eu-west-1' })).toThrow(
        /forwardIamEvents needs the stack in us-east-1/,
      );
      expect(() => buildMemberStack({ forwardIamEvents: true }, { region: 'us-east-1' })).not.toThrow();
      expect(on.toJSON().Rules.IamEventsRegionRule.Assertions).toEqual([
        {
          Assert: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
          AssertDescription: expect.stringContaining('forwardIamEvents=false') as unknown,
        },
      ]);
      // Without forwarding, the role is global: any region will do.
      expect(() => buildMemberStack({}, { region: 'eu-west-1' })).not.toThrow();
    });
  });
});

describe('member StackSet', () => {
  test('service-managed, deploying automatically to every account under the OUs, in us-east-1', () => {
    expect(stackSetOn).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: OU_IDS }, Regions: ['us-east-1'] }],
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      ManagedExecution: { Active: true },
      StackSetName: 'Central-MemberRole',
    });
    // No self-managed roles: the organization's trusted access does the deploying.
    expect(stackSetOn.AdministrationRoleARN).toBeUndefined();
    expect(stackSetOn.ExecutionRoleName).toBeUndefined();
  });

  test('every account at once, and a failing account never stops the others', () => {
    expect(stackSetOn.OperationPreferences).toEqual({
      RegionConcurrencyType: 'PARALLEL',
      MaxConcurrentPercentage: 100,
      FailureTolerancePercentage: 100,
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    });
  });

  test('CallAs follows the setting: SELF from the management account, DELEGATED_ADMIN from a delegated administrator', () => {
    expect(stackSetOn.CallAs).toBe('SELF');
    expect(stackSetOff.CallAs).toBe('DELEGATED_ADMIN');
  });

  test("parameters: the central role's ARN, and the bus ARN only with forwarding", () => {
    const roleId = centralOn.stack.getLogicalId(centralOn.auditorRole.node.defaultChild as iam.CfnRole);
    const busId = centralOn.stack.getLogicalId(centralOn.central?.bus.node.defaultChild as iam.CfnRole);
    expect(stackSetOn.Parameters).toEqual([
      { ParameterKey: AUDITOR_ROLE_ARN_PARAMETER, ParameterValue: getAttArn(roleId) },
      { ParameterKey: CENTRAL_EVENT_BUS_ARN_PARAMETER, ParameterValue: getAttArn(busId) },
    ]);
    const offRoleId = centralOff.stack.getLogicalId(centralOff.auditorRole.node.defaultChild as iam.CfnRole);
    expect(stackSetOff.Parameters).toEqual([
      { ParameterKey: AUDITOR_ROLE_ARN_PARAMETER, ParameterValue: getAttArn(offRoleId) },
    ]);
  });

  test('its template is exactly the member stack class: no bootstrap rule, assets, metadata or path noise', () => {
    for (const [stackSet, expected] of [
      [stackSetOn, Template.fromStack(buildMemberStack({ forwardIamEvents: true }))],
      [stackSetOff, Template.fromStack(buildMemberStack({ roleName: 'SecAudit' }))],
    ] as const) {
      const body = stackSet.TemplateBody as string;
      expect(JSON.parse(body)).toEqual(expected.toJSON());
      // A member account has neither the bootstrap stack nor its SSM parameter.
      expect(body).not.toMatch(/BootstrapVersion|aws:cdk:path|CDKMetadata|cdk-hnb659fds|AWS::Lambda/);
      expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(TEMPLATE_BODY_MAX_BYTES);
    }
  });

  test('synthesizing the member template never writes into the CLI output folder', () => {
    const cliOut = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-out-'));
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = cliOut;
    try {
      expect(JSON.parse(memberTemplateBody({ forwardIamEvents: true }))).toHaveProperty('Resources');
      expect(fs.readdirSync(cliOut)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
      fs.rmSync(cliOut, { recursive: true, force: true });
    }
  });

  test('refuses no OUs, and forwarding without a bus', () => {
    const fixture = centralOff;
    const base = {
      auditorRole: fixture.auditorRole,
      organizationalUnitIds: OU_IDS,
      roleName: 'MfaAuditorReadRole',
      forwardIamEvents: false,
      callAs: 'SELF' as const,
    };
    expect(() => createMemberStackSet(fixture.stack, { ...base, organizationalUnitIds: [] })).toThrow(
      ConfigError,
    );
    expect(() => createMemberStackSet(fixture.stack, { ...base, forwardIamEvents: true })).toThrow(
      /forwardIamEvents needs the central event bus/,
    );
  });
});

describe('central event bus', () => {
  const busId = (): string => only(busTemplate, 'AWS::Events::EventBus')[0];
  const lookupId = (): string => only(busTemplate, 'Custom::AWS')[0];

  test('its policy admits events:PutEvents from principals of the organization only', () => {
    const policy = propsOf(busTemplate, 'AWS::Events::EventBusPolicy');
    expect(policy.EventBusName).toEqual({ Ref: busId() });
    expect(policy.Statement).toEqual({
      Sid: 'cdk-OrganizationPutsEvents',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Principal: { AWS: '*' },
      Resource: getAttArn(busId()),
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': { 'Fn::GetAtt': [lookupId(), 'Organization.Id'] } },
      },
    });
  });

  test('the organization id comes from DescribeOrganization at deploy time, with only that permission', () => {
    const lookup = propsOf(busTemplate, 'Custom::AWS');
    for (const call of [lookup.Create, lookup.Update]) {
      expect(JSON.parse(call as string)).toEqual({
        service: 'Organizations',
        action: 'describeOrganization',
        physicalResourceId: { id: 'organization' },
        outputPaths: ['Organization.Id'],
      });
    }
    expect(lookup.InstallLatestAwsSdk).toBe(false);
    // The provider's role: its own log group and DescribeOrganization, no managed policy.
    const providerFn = resourcesOf(busTemplate, 'AWS::Lambda::Function').find(([, r]) =>
      JSON.stringify(r).includes('LoggingConfig'),
    )?.[1] as Json;
    const roleId = ((providerFn.Properties as Json).Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const role = (busTemplate.toJSON().Resources as Record<string, Json>)[roleId]?.Properties as Json;
    expect(role.ManagedPolicyArns).toBeUndefined();
    const statements = resourcesOf(busTemplate, 'AWS::IAM::Policy')
      .map(([, p]) => p.Properties as { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } })
      .filter((p) => JSON.stringify(p.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) => p.PolicyDocument.Statement);
    expect(actionsOf(statements)).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'organizations:DescribeOrganization',
    ]);
    expect(statements.find((s) => s.Action === 'organizations:DescribeOrganization')?.Resource).toBe('*');
  });

  test('a rule on the bus with the re-check pattern invokes the function, dead-lettering what it cannot deliver', () => {
    const fnId = centralOn.stack.getLogicalId(centralOn.fn.node.defaultChild as iam.CfnRole);
    const queueId = centralOn.stack.getLogicalId(centralOn.deadLetterQueue.node.defaultChild as iam.CfnRole);
    const rule = propsOf(busTemplate, 'AWS::Events::Rule');
    expect(rule.EventBusName).toEqual({ Ref: busId() });
    // The auditor's own account is left to its default-bus rule: never re-checked twice.
    expect(rule.EventPattern).toEqual({
      ...(singleAccountPattern as object),
      account: [{ 'anything-but': [{ Ref: 'AWS::AccountId' }] }],
    });
    expect(rule.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: getAttArn(fnId),
        DeadLetterConfig: { Arn: getAttArn(queueId) },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
      },
    ]);
    busTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAttArn(fnId),
      Principal: 'events.amazonaws.com',
      SourceArn: getAttArn(only(busTemplate, 'AWS::Events::Rule')[0]),
    });
  });

  test("the lookup's logs go with the stack: they are not audit evidence", () => {
    const logGroups = resourcesOf(busTemplate, 'AWS::Logs::LogGroup').filter(([id]) =>
      id.startsWith('OrganizationId'),
    );
    expect(logGroups).toHaveLength(1);
    expect(logGroups[0]?.[1]).toMatchObject({
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: { RetentionInDays: 30 },
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each<[string, () => Stack]>([
    ['member stack', () => memberOff],
    ['member stack with forwarding', () => memberOn],
    ['central stack: StackSet', () => centralOff.stack],
    ['central stack: StackSet and bus', () => centralOn.stack],
  ])('%s: no unacknowledged error or warning', (_name, stack) => {
    const report = new AwsSolutionsChecks().validateScope(stack());
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('the checks do run on these stacks: a member role without its acknowledgements is flagged', () => {
    const stack = buildMemberStack();
    const bare = new iam.Role(stack, 'Bare', { assumedBy: new iam.AccountRootPrincipal() });
    bare.addToPolicy(new iam.PolicyStatement({ actions: ['iam:ListUsers'], resources: ['*'] }));
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(stack).toBeInstanceOf(MfaAuditorMemberRoleStack);
  });
});
