import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../lambda/settings/parse';
import { MfaAuditor } from '../../lib/mfa-auditor';
import type { MfaAuditorStack } from '../../lib/mfa-auditor-stack';
import { selfServiceMfaPolicyDocument } from '../../lib/self-service-mfa-policy';
import { OU_IDS } from './organization-fixture';
import { buildStack, CDK_JSON_CONTEXT } from './stack-fixture';
import type { TemplateStatement } from './template-statements';
import { actionsOf, roleStatements } from './template-statements';

type Json = Record<string, unknown>;

const MODES = ['off', 'preview', 'on'] as const;
const stacks = {} as Record<(typeof MODES)[number], MfaAuditorStack>;
const templates = {} as Record<(typeof MODES)[number], Template>;
beforeAll(() => {
  for (const mode of MODES) {
    stacks[mode] = buildStack({ enforcement: mode });
    templates[mode] = Template.fromStack(stacks[mode]);
  }
});

const only = (t: Template, type: string): [string, Json] => {
  const found = Object.entries(t.findResources(type));
  expect(found).toHaveLength(1);
  return found[0] as [string, Json];
};
const policyRef = (t: Template) => ({ Ref: only(t, 'AWS::IAM::ManagedPolicy')[0] });
const variables = (t: Template): Json =>
  ((only(t, 'AWS::Lambda::Function')[1].Properties as Json).Environment as { Variables: Json }).Variables;

const ENFORCEMENT_ACTIONS = ['iam:ListEntitiesForPolicy', 'iam:AttachUserPolicy', 'iam:DetachUserPolicy'];
const enforcementStatements = (t: Template): TemplateStatement[] =>
  roleStatements(t).filter((s) => actionsOf(s).some((a) => ENFORCEMENT_ACTIONS.includes(a)));

/**
 * The template's value with `arn:${AWS::Partition}` joins rendered for the `aws` partition; any
 * other intrinsic (an Fn::Sub would read `${aws:username}` as its own variable) fails the test.
 */
function renderForAwsPartition(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renderForAwsPartition);
  if (value === null || typeof value !== 'object') return value;
  const join = (value as Json)['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) {
    return join[1]
      .map((part) => {
        if (typeof part === 'string') return part;
        if (JSON.stringify(part) === JSON.stringify({ Ref: 'AWS::Partition' })) return 'aws';
        throw new Error(`unexpected intrinsic in the policy: ${JSON.stringify(part)}`);
      })
      .join(join[0]);
  }
  const intrinsic = Object.keys(value).find((k) => k.startsWith('Fn::') || k === 'Ref');
  if (intrinsic) throw new Error(`unexpected intrinsic in the policy: ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderForAwsPartition(v)]));
}

describe('the self-service MFA policy: always created, attached by nothing in the template', () => {
  test.each(MODES)('%s: one customer-managed policy holding the document, attached to no one', (mode) => {
    const [, resource] = only(templates[mode], 'AWS::IAM::ManagedPolicy');
    const props = resource.Properties as Json;
    expect(renderForAwsPartition(props.PolicyDocument)).toEqual(selfServiceMfaPolicyDocument('aws'));
    // Only the function attaches it, to the overdue users it finds.
    expect(props.Users).toBeUndefined();
    expect(props.Groups).toBeUndefined();
    expect(props.Roles).toBeUndefined();
  });

  test('partition-agnostic, and ${aws:username} reaches IAM as the policy variable', () => {
    const [, resource] = only(templates.on, 'AWS::IAM::ManagedPolicy');
    const statements = ((resource.Properties as Json).PolicyDocument as { Statement: TemplateStatement[] })
      .Statement;
    expect(statements.find((s) => s.Sid === 'AllowManageOwnUserMFA')?.Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:user/${aws:username}']],
    });
    // Fn::Sub would read ${aws:username} as one of its own variables and fail the deployment.
    expect(JSON.stringify(resource)).not.toContain('Fn::Sub');
  });

  test.each(MODES)('%s: its ARN is the EnforcePolicyArn output', (mode) => {
    templates[mode].hasOutput('EnforcePolicyArn', { Value: policyRef(templates[mode]) });
  });

  test('the construct exposes it as enforcementPolicy', () => {
    const stack = stacks.off;
    expect(stack.resolve(stack.auditor.enforcementPolicy.managedPolicyArn)).toEqual(policyRef(templates.off));
  });
});

describe("the function's permissions and environment, by mode", () => {
  test('off: no enforcement permission on any role, and no enforcement variable but ENFORCEMENT', () => {
    expect(enforcementStatements(templates.off)).toEqual([]);
    const env = variables(templates.off);
    expect(env.ENFORCEMENT).toBe('off');
    // The function ignores them when off (lib/function-environment.ts): not written.
    expect(Object.keys(env)).not.toContain('ENFORCE_POLICY_ARN');
    expect(Object.keys(env)).not.toContain('ENFORCE_AFTER_DAYS');
  });

  test('preview: only listing who holds the policy, on the policy itself', () => {
    const t = templates.preview;
    expect(enforcementStatements(t)).toEqual([
      {
        Sid: 'ListEnforcedUsers',
        Effect: 'Allow',
        Action: 'iam:ListEntitiesForPolicy',
        Resource: policyRef(t),
      },
    ]);
    expect(variables(t)).toMatchObject({
      ENFORCEMENT: 'preview',
      ENFORCE_AFTER_DAYS: '14',
      ENFORCE_POLICY_ARN: policyRef(t),
    });
  });

  test('on: plus attach and detach on users, of this one policy only (iam:PolicyARN)', () => {
    const t = templates.on;
    expect(enforcementStatements(t)).toEqual([
      {
        Sid: 'ListEnforcedUsers',
        Effect: 'Allow',
        Action: 'iam:ListEntitiesForPolicy',
        Resource: policyRef(t),
      },
      {
        Sid: 'AttachDetachSelfServiceMfaPolicy',
        Effect: 'Allow',
        Action: ['iam:AttachUserPolicy', 'iam:DetachUserPolicy'],
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':user/*'],
          ],
        },
        Condition: { ArnEquals: { 'iam:PolicyARN': policyRef(t) } },
      },
    ]);
    expect(variables(t)).toMatchObject({
      ENFORCEMENT: 'on',
      ENFORCE_AFTER_DAYS: '14',
      ENFORCE_POLICY_ARN: policyRef(t),
    });
  });

  test.each(['preview', 'on'] as const)(
    '%s: in a policy of the function role that the function waits for',
    (mode) => {
      const t = templates[mode];
      const [policyId, policy] = Object.entries(t.findResources('AWS::IAM::Policy')).find(([, r]) =>
        JSON.stringify(r).includes('iam:ListEntitiesForPolicy'),
      ) as [string, Json];
      const fn = only(t, 'AWS::Lambda::Function')[1] as { Properties: { Role: Json }; DependsOn: string[] };
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      expect((policy.Properties as Json).Roles).toEqual([{ Ref: roleId }]);
      expect(fn.DependsOn).toContain(policyId);
    },
  );

  test('enforceAfterDays reaches the function', () => {
    const t = Template.fromStack(buildStack({ enforcement: 'on', enforceAfterDays: '30' }));
    expect(variables(t).ENFORCE_AFTER_DAYS).toBe('30');
  });

  test.each(MODES)('%s: no wildcard action on any role', (mode) => {
    for (const s of roleStatements(templates[mode])) {
      for (const a of actionsOf(s)) expect(a).not.toContain('*');
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each(MODES)('%s: no unacknowledged error or warning', (mode) => {
    const report = new AwsSolutionsChecks().validateScope(stacks[mode]);
    const findings = report.violations
      .filter((v) => v.severity !== 'info')
      .map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });
});

describe('validation', () => {
  test('a bad mode names the key', () => {
    expect(() => buildStack({ enforcement: 'yes' })).toThrow(ConfigError);
    expect(() => buildStack({ enforcement: 'yes' })).toThrow(/^enforcement must be one of off, preview, on/);
  });

  test.each(['-1', '366', '1.5'])('enforceAfterDays=%s names the key', (days) => {
    expect(() => buildStack({ enforceAfterDays: days })).toThrow(/^enforceAfterDays must be /);
  });

  test.each(['preview', 'on'])(
    'organization mode with enforcement=%s fails synth, naming both keys',
    (mode) => {
      const build = () => buildStack({ enforcement: mode, organizationalUnitIds: OU_IDS.join(',') });
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/^enforcement is single-account only for now: enforcement="/);
      expect(build).toThrow(/organizationalUnitIds=/);
    },
  );

  test('organization mode with enforcement off still synthesizes', () => {
    expect(() => buildStack({ enforcement: 'off', organizationalUnitIds: OU_IDS.join(',') })).not.toThrow();
  });

  test('the same rule for construct props', () => {
    const stack = new Stack(new App({ context: CDK_JSON_CONTEXT }), 'Props', {
      env: { region: 'us-east-1' },
    });
    expect(
      () => new MfaAuditor(stack, 'A', { enforcement: 'on', organizationalUnitIds: [...OU_IDS] }),
    ).toThrow(/enforcement is single-account only for now/);
  });
});
