import type { Template } from 'aws-cdk-lib/assertions';

type Json = Record<string, unknown>;

/** One IAM statement as the synthesized template holds it. */
export interface TemplateStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/**
 * Every statement the template's roles hold: their inline policies and the AWS::IAM::Policy
 * resources (not managed policies, which hold no role's own permissions).
 */
export function roleStatements(t: Template): TemplateStatement[] {
  const inline = Object.values(t.findResources('AWS::IAM::Role')).flatMap((r) =>
    (
      ((r.Properties as Json).Policies ?? []) as { PolicyDocument: { Statement: TemplateStatement[] } }[]
    ).flatMap((p) => p.PolicyDocument.Statement),
  );
  const attached = Object.values(t.findResources('AWS::IAM::Policy')).flatMap(
    (r) => (r.Properties as { PolicyDocument: { Statement: TemplateStatement[] } }).PolicyDocument.Statement,
  );
  return [...inline, ...attached];
}

export const actionsOf = (s: TemplateStatement): string[] =>
  Array.isArray(s.Action) ? s.Action : [s.Action];
