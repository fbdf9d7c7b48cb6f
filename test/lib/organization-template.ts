import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, unknown>;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The Amazon States Language definition, parsed, as far as the tests read it. */
interface Definition {
  StartAt: string;
  TimeoutSeconds: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ASL states are read field by field
  States: Record<string, any>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * The organization-mode template's resources by role in the design, found by the logical id CDK
 * derives from the construct path (the path plus an 8-hex-digit hash), and its state machine's
 * definition with every reference rendered as `<LogicalId>` / `<LogicalId.Attribute>`.
 */
export function organizationTemplateParts(t: Template) {
  const resources = t.toJSON().Resources as Resources;
  const idOf = (type: string, path: string): string => {
    const found = Object.keys(resources).filter(
      (id) => resources[id]?.Type === type && new RegExp(`^${path}[0-9A-F]{8}$`).test(id),
    );
    if (found.length !== 1) throw new Error(`expected one ${type} ${path}, found ${JSON.stringify(found)}`);
    return found[0] as string;
  };
  const ids = {
    single: idOf('AWS::Lambda::Function', 'MfaAuditorFunction'),
    list: idOf('AWS::Lambda::Function', 'MfaAuditorOrganizationListAccountsFunction'),
    listRole: idOf('AWS::IAM::Role', 'MfaAuditorOrganizationListAccountsFunctionRole'),
    auditAccount: idOf('AWS::Lambda::Function', 'MfaAuditorOrganizationAuditAccountFunction'),
    auditAccountRole: idOf('AWS::IAM::Role', 'MfaAuditorOrganizationAuditAccountFunctionRole'),
    aggregate: idOf('AWS::Lambda::Function', 'MfaAuditorOrganizationAggregateFunction'),
    aggregateRole: idOf('AWS::IAM::Role', 'MfaAuditorOrganizationAggregateFunctionRole'),
    bucket: idOf('AWS::S3::Bucket', 'MfaAuditorOrganizationRunBucket'),
    stateMachine: idOf('AWS::StepFunctions::StateMachine', 'MfaAuditorOrganizationStateMachine'),
    stateMachineRole: idOf('AWS::IAM::Role', 'MfaAuditorOrganizationStateMachineRole'),
    topic: idOf('AWS::SNS::Topic', 'MfaAuditorTopic'),
    topicKey: idOf('AWS::KMS::Key', 'MfaAuditorTopicKey'),
  };
  const stateMachine = resources[ids.stateMachine]?.Properties as Record<string, unknown>;
  const definition = JSON.parse(render(stateMachine.DefinitionString)) as Definition;

  /** Every statement of the policies attached to the role (the role has no inline or managed ones). */
  const statementsOf = (roleId: string): Statement[] => {
    const role = resources[roleId]?.Properties ?? {};
    if (role.Policies !== undefined || role.ManagedPolicyArns !== undefined) {
      throw new Error(`${roleId} has inline or managed policies`);
    }
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .map((r) => r.Properties as { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } })
      .filter((p) => p.Roles.some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
      .flatMap((p) => p.PolicyDocument.Statement);
  };
  const actionsOf = (roleId: string): string[] =>
    [...new Set(statementsOf(roleId).flatMap((s) => asList(s.Action)))].sort();
  /** The resources (rendered) each action of the role is allowed on. */
  const resourcesOf = (roleId: string, action: string): string[] =>
    statementsOf(roleId)
      .filter((s) => asList(s.Action).includes(action))
      .flatMap((s) => asList(s.Resource))
      .map(render);
  const fn = (id: string): Record<string, unknown> => resources[id]?.Properties ?? {};
  return { ids, definition, stateMachine, statementsOf, actionsOf, resourcesOf, fn };
}

/** A CloudFormation value as text: Fn::Join concatenated, Ref as `<Id>`, Fn::GetAtt as `<Id.Attr>`. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return `<${v.Ref}>`;
  const getAtt = v['Fn::GetAtt'] as [string, string] | undefined;
  if (getAtt) return `<${getAtt[0]}.${getAtt[1]}>`;
  const join = v['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(render).join(join[0]);
  return JSON.stringify(value);
}
