/**
 * A small evaluator of one identity-based IAM policy, for tests of a policy document where no
 * policy simulator is at hand (moto does not evaluate policies; IAM's SimulatePrincipalPolicy needs
 * an AWS account). It implements only what the policies under test use, after the IAM User Guide's
 * "Policy evaluation logic" and "IAM JSON policy elements" pages, and throws on anything else
 * rather than guessing:
 * - an explicit Deny wins over any Allow; without a matching Allow the request is implicitly denied;
 * - Action / NotAction, case-insensitive, with `*` and `?` wildcards;
 * - Resource / NotResource, case-sensitive, with `*` and `?` wildcards and `${key}` policy variables
 *   replaced by the request context's value (literally, never as a wildcard); a variable whose key
 *   the request lacks makes the element match nothing;
 * - Condition with Bool and BoolIfExists (the only operators supported): every operator and key of
 *   a statement must hold, any one of a key's values may match; Bool is false when the key is
 *   absent, BoolIfExists true.
 * One policy alone: the user's other policies, SCPs, permission boundaries and resource policies
 * are not modelled, so "allow" here means "this policy allows it", not "IAM would allow it".
 */

export interface EvaluatedStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface EvaluatedPolicy {
  readonly Version: string;
  readonly Statement: readonly EvaluatedStatement[];
}

export interface IamRequest {
  /** `service:Operation`, e.g. `iam:EnableMFADevice`. */
  readonly action: string;
  /** The resource's ARN, or `*` for actions that have no resource type. */
  readonly resource: string;
  /** Request context keys, e.g. `aws:username`, `aws:MultiFactorAuthPresent` (absent = not in the request). */
  readonly context: Readonly<Record<string, string>>;
}

export type Decision = 'allow' | 'explicitDeny' | 'implicitDeny';

export interface Evaluation {
  readonly decision: Decision;
  /** The Sids of the statements that decided: the matching Denies, else the matching Allows. */
  readonly by: readonly string[];
}

const asList = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `*` any run of characters, `?` any one character; everything else literal. */
function wildcardPattern(pattern: string): string {
  return pattern
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : escapeRegExp(part)))
    .join('');
}

function matchesAction(pattern: string, action: string): boolean {
  return new RegExp(`^${wildcardPattern(pattern)}$`, 'i').test(action);
}

/** The resource pattern with its policy variables substituted, or undefined when a key is missing. */
function resourcePattern(pattern: string, context: IamRequest['context']): RegExp | undefined {
  let missing = false;
  const source = pattern
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      const variable = /^\$\{([^}]+)\}$/.exec(part)?.[1];
      if (variable === undefined) return wildcardPattern(part);
      const value = context[variable];
      if (value === undefined) missing = true;
      return escapeRegExp(value ?? '');
    })
    .join('');
  return missing ? undefined : new RegExp(`^${source}$`);
}

function matchesResource(pattern: string, request: IamRequest): boolean {
  return resourcePattern(pattern, request.context)?.test(request.resource) ?? false;
}

function conditionHolds(statement: EvaluatedStatement, context: IamRequest['context']): boolean {
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const actual = context[key];
      if (operator !== 'Bool' && operator !== 'BoolIfExists') {
        throw new Error(`condition operator ${operator} is not supported by this evaluator`);
      }
      if (actual === undefined) return operator === 'BoolIfExists';
      return asList(expected).some((value) => value.toLowerCase() === actual.toLowerCase());
    }),
  );
}

function applies(statement: EvaluatedStatement, request: IamRequest): boolean {
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    throw new Error(`statement ${statement.Sid ?? '?'} needs exactly one of Action and NotAction`);
  }
  if ((statement.Resource === undefined) === (statement.NotResource === undefined)) {
    throw new Error(`statement ${statement.Sid ?? '?'} needs exactly one of Resource and NotResource`);
  }
  const action =
    statement.Action !== undefined
      ? asList(statement.Action).some((p) => matchesAction(p, request.action))
      : !asList(statement.NotAction).some((p) => matchesAction(p, request.action));
  const resource =
    statement.Resource !== undefined
      ? asList(statement.Resource).some((p) => matchesResource(p, request))
      : !asList(statement.NotResource).some((p) => matchesResource(p, request));
  return action && resource && conditionHolds(statement, request.context);
}

export function evaluate(policy: EvaluatedPolicy, request: IamRequest): Evaluation {
  if (policy.Version !== '2012-10-17') {
    throw new Error(`policy version ${policy.Version}: policy variables need 2012-10-17`);
  }
  const matching = policy.Statement.filter((s) => applies(s, request));
  const sids = (effect: 'Allow' | 'Deny'): string[] =>
    matching.filter((s) => s.Effect === effect).map((s) => s.Sid ?? '(no Sid)');
  const denies = sids('Deny');
  if (denies.length > 0) return { decision: 'explicitDeny', by: denies };
  const allows = sids('Allow');
  return allows.length > 0 ? { decision: 'allow', by: allows } : { decision: 'implicitDeny', by: [] };
}
