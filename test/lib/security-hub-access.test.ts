import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildMemberStack, OU_IDS } from './organization-fixture';
import { buildStack } from './stack-fixture';
import { actionsOf, roleStatements } from './template-statements';

type Json = Record<string, unknown>;

const securityHubStatements = (t: Template) =>
  roleStatements(t).filter((s) => actionsOf(s).some((a) => a.startsWith('securityhub:')));

/** `arn:${Partition}:securityhub:${Region}:${Account}<suffix>` as CloudFormation writes it (`*` region for members). */
const ownArn = (region: 'stack' | '*', suffix: unknown[]) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ...(region === '*' ? [':securityhub:*:'] : [':securityhub:', { Ref: 'AWS::Region' }, ':']),
      { Ref: 'AWS::AccountId' },
      ...suffix,
    ],
  ],
});

describe('securityHub: the roles may import and read their own account findings only', () => {
  test('off by default: no Security Hub permission anywhere', () => {
    expect(securityHubStatements(Template.fromStack(buildStack()))).toEqual([]);
    expect(securityHubStatements(Template.fromStack(buildMemberStack()))).toEqual([]);
  });

  test('on: the function gets exactly BatchImportFindings on its product and GetFindings on its hub', () => {
    const t = Template.fromStack(buildStack({ securityHub: 'true' }));
    expect(securityHubStatements(t)).toEqual([
      {
        Sid: 'ImportOwnFindings',
        Effect: 'Allow',
        Action: 'securityhub:BatchImportFindings',
        Resource: ownArn('stack', [':product/', { Ref: 'AWS::AccountId' }, '/default']),
        Condition: { StringEquals: { 'securityhub:TargetAccount': { Ref: 'AWS::AccountId' } } },
      },
      {
        Sid: 'ReadOwnFindings',
        Effect: 'Allow',
        Action: 'securityhub:GetFindings',
        Resource: ownArn('stack', [':hub/default']),
      },
    ]);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { SECURITY_HUB: 'true' } },
    });
  });

  test('organization mode: the account function for its own account, each member role for its account', () => {
    const central = Template.fromStack(
      buildStack({ securityHub: 'true', organizationalUnitIds: OU_IDS.join(',') }),
    );
    // The single-account function and the organization's account function.
    expect(securityHubStatements(central)).toHaveLength(4);
    const stackSet = Object.values(central.findResources('AWS::CloudFormation::StackSet'))[0]?.Properties as {
      TemplateBody: string;
    };
    const memberInStackSet = Template.fromJSON(JSON.parse(stackSet.TemplateBody) as Json);
    const member = securityHubStatements(memberInStackSet);
    expect(member.map((s) => s.Action)).toEqual([
      'securityhub:BatchImportFindings',
      'securityhub:GetFindings',
    ]);
    // Any region (the role is global; the hub is in the auditor's region), only this account.
    expect(member[0]?.Resource).toEqual(ownArn('*', [':product/', { Ref: 'AWS::AccountId' }, '/default']));
    expect(member[0]?.Condition).toEqual({
      StringEquals: { 'securityhub:TargetAccount': { Ref: 'AWS::AccountId' } },
    });
    expect(securityHubStatements(Template.fromStack(buildMemberStack({ securityHub: true })))).toEqual(
      member,
    );
  });

  test('no wildcard action; cdk-nag AwsSolutions stays clean with it on', () => {
    const stack = buildStack({ securityHub: 'true' });
    for (const s of securityHubStatements(Template.fromStack(stack))) {
      for (const a of actionsOf(s)) expect(a).not.toContain('*');
    }
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity !== 'info').map((v) => v.ruleName)).toEqual([]);
  });

  test('a bad value names the context key', () => {
    expect(() => buildStack({ securityHub: 'yes' })).toThrow(/securityHub must be /);
  });
});
