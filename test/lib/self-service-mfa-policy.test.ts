import type { PolicyStatementJson } from '../../lib/self-service-mfa-policy';
import { ALLOWED_WITHOUT_MFA, selfServiceMfaPolicyDocument } from '../../lib/self-service-mfa-policy';
import type { Decision, EvaluatedPolicy, IamRequest } from '../support/iam-policy-evaluator';
import { evaluate } from '../support/iam-policy-evaluator';

const ACCOUNT = '123456789012';
const policy = selfServiceMfaPolicyDocument('aws');
const user = (name: string): string => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const mfa = (name: string): string => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;

/**
 * AWS's example, as published in the IAM User Guide (awsdocs/iam-user-guide,
 * doc_source/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.md, the last version
 * of that repository; the live page is
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html).
 */
const AWS_MFA_ONLY_EXAMPLE: EvaluatedPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowViewAccountInfo',
      Effect: 'Allow',
      Action: 'iam:ListVirtualMFADevices',
      Resource: '*',
    },
    {
      Sid: 'AllowManageOwnVirtualMFADevice',
      Effect: 'Allow',
      Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'],
      Resource: 'arn:aws:iam::*:mfa/${aws:username}',
    },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: [
        'iam:DeactivateMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ResyncMFADevice',
      ],
      Resource: 'arn:aws:iam::*:user/${aws:username}',
    },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      NotAction: [
        'iam:ChangePassword',
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
        'sts:GetSessionToken',
      ],
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
    },
  ],
};

/**
 * The fuller example's Deny (.../reference_policies_examples_aws_my-sec-creds-self-manage.html),
 * whose note names the two actions to add to it so that users can change their password at sign-in:
 * iam:ChangePassword and iam:GetAccountPasswordPolicy.
 */
const AWS_FULL_EXAMPLE_DENY_NOT_ACTION = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];
const FULL_EXAMPLE_PASSWORD_ADDITIONS = ['iam:ChangePassword', 'iam:GetAccountPasswordPolicy'];

/** What this project changes in each statement, and nothing else (lib/self-service-mfa-policy.ts says why). */
const DOCUMENTED_CHANGES: Record<string, { addedActions: string[]; resource?: string }> = {
  AllowViewAccountInfo: { addedActions: ['iam:GetAccountPasswordPolicy'] },
  // Current console: devices named freely.
  AllowManageOwnVirtualMFADevice: { addedActions: [], resource: 'arn:aws:iam::*:mfa/*' },
  AllowManageOwnUserMFA: { addedActions: ['iam:ChangePassword'] },
  DenyAllExceptListedIfNoMFA: { addedActions: ['iam:GetAccountPasswordPolicy'] },
};

const list = (v: string | readonly string[] | undefined): string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
const sorted = (v: readonly string[]): string[] => [...v].sort();

describe("the document against AWS's example, statement by statement", () => {
  test('the same statements, in the same order, with the same effects', () => {
    expect(policy.Statement.map((s) => [s.Sid, s.Effect])).toEqual(
      AWS_MFA_ONLY_EXAMPLE.Statement.map((s) => [s.Sid, s.Effect]),
    );
    expect(policy.Version).toBe(AWS_MFA_ONLY_EXAMPLE.Version);
  });

  test.each(AWS_MFA_ONLY_EXAMPLE.Statement.map((s) => [s.Sid ?? '', s] as const))(
    '%s: the example plus the documented changes only',
    (sid, example) => {
      const ours = policy.Statement.find((s) => s.Sid === sid) as PolicyStatementJson;
      const change = DOCUMENTED_CHANGES[sid] as { addedActions: string[]; resource?: string };
      const key = example.NotAction ? 'NotAction' : 'Action';
      expect(sorted(list(ours[key]))).toEqual(sorted([...list(example[key]), ...change.addedActions]));
      // An Allow keeps to Action and the Deny to NotAction, as in the example.
      expect(list(ours[key === 'Action' ? 'NotAction' : 'Action'])).toEqual([]);
      expect(ours.Resource).toEqual(change.resource ?? example.Resource);
      expect(ours.Condition).toEqual(example.Condition);
    },
  );

  test("the Deny exempts the fuller example's list plus its two password additions, nothing more", () => {
    const deny = policy.Statement.find((s) => s.Effect === 'Deny') as PolicyStatementJson;
    expect(sorted(list(deny.NotAction))).toEqual(
      sorted([...AWS_FULL_EXAMPLE_DENY_NOT_ACTION, ...FULL_EXAMPLE_PASSWORD_ADDITIONS]),
    );
    expect(sorted(list(deny.NotAction))).toEqual(sorted(ALLOWED_WITHOUT_MFA));
  });

  test('the partition is a parameter: the same document in aws-cn', () => {
    const cn = JSON.stringify(selfServiceMfaPolicyDocument('aws-cn'));
    expect(cn).toBe(JSON.stringify(policy).replaceAll('arn:aws:', 'arn:aws-cn:'));
    expect(cn).toContain('user/${aws:username}');
  });
});

/** Alice signed in to the console without MFA (the key is present and false). */
const consoleWithoutMfa = { 'aws:username': 'alice', 'aws:MultiFactorAuthPresent': 'false' };
/** Alice's long-term access key: the request carries no aws:MultiFactorAuthPresent at all. */
const accessKey = { 'aws:username': 'alice' };
const withMfa = { 'aws:username': 'alice', 'aws:MultiFactorAuthPresent': 'true' };

const request = (action: string, resource: string, context: IamRequest['context']): IamRequest => ({
  action,
  resource,
  context,
});

// The requests enrolling MFA takes, and changing a password at sign-in.
const ENROLLING: [string, string][] = [
  ['iam:CreateVirtualMFADevice', mfa('alice')],
  ['iam:CreateVirtualMFADevice', mfa('alices-phone')],
  ['iam:EnableMFADevice', user('alice')],
  ['iam:ListMFADevices', user('alice')],
  ['iam:ResyncMFADevice', user('alice')],
  ['iam:GetUser', user('alice')],
  ['iam:ChangePassword', user('alice')],
  ['iam:GetAccountPasswordPolicy', '*'],
  ['iam:ListVirtualMFADevices', '*'],
];

// Denied outright, whatever alice's other policies allow.
const DENIED_WITHOUT_MFA: [string, string][] = [
  ['s3:ListAllMyBuckets', '*'],
  ['ec2:DescribeInstances', '*'],
  // The example leaves the IAM console's Users page out (its text says how to add it): so do we.
  ['iam:ListUsers', '*'],
  ['iam:DeactivateMFADevice', user('alice')],
  // The example's warning: never delete an MFA device without MFA.
  ['iam:DeleteVirtualMFADevice', mfa('alice')],
  ['iam:CreateAccessKey', user('alice')],
  ['iam:AttachUserPolicy', user('alice')],
  ['iam:DetachUserPolicy', user('alice')],
  ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/Admin`],
];

// Not allowed by this policy, and exempt from its Deny like every enrollment action: only alice's
// other policies could allow them (an administrator's would), exactly as with AWS's example.
const OTHER_USERS: [string, string][] = [
  ['iam:EnableMFADevice', user('bob')],
  ['iam:ChangePassword', user('bob')],
  ['iam:ListMFADevices', user('bob')],
];

describe('what alice may do with the policy attached (evaluated: test/support/iam-policy-evaluator.ts)', () => {
  const decide = (action: string, resource: string, context: IamRequest['context']): Decision =>
    evaluate(policy, request(action, resource, context)).decision;

  test.each(ENROLLING)('without MFA: %s on %s is allowed', (action, resource) => {
    expect(decide(action, resource, consoleWithoutMfa)).toBe('allow');
    expect(decide(action, resource, accessKey)).toBe('allow');
  });

  // STS requires no permission for GetSessionToken: the policy need only not deny it.
  test('without MFA: sts:GetSessionToken is not denied (STS needs no Allow for it)', () => {
    expect(decide('sts:GetSessionToken', '*', consoleWithoutMfa)).toBe('implicitDeny');
    expect(decide('sts:GetSessionToken', '*', accessKey)).toBe('implicitDeny');
  });

  test.each(DENIED_WITHOUT_MFA)('without MFA: %s on %s is explicitly denied', (action, resource) => {
    expect(decide(action, resource, consoleWithoutMfa)).toBe('explicitDeny');
    // BoolIfExists: an access key (no MFA key in the request) is denied too.
    expect(decide(action, resource, accessKey)).toBe('explicitDeny');
  });

  test.each(OTHER_USERS)('without MFA: %s on %s is not allowed by the policy', (action, resource) => {
    expect(decide(action, resource, consoleWithoutMfa)).toBe('implicitDeny');
  });

  test.each([...ENROLLING, ...DENIED_WITHOUT_MFA, ...OTHER_USERS, ['sts:GetSessionToken', '*']])(
    'with MFA: the policy denies nothing (%s on %s)',
    (action, resource) => {
      expect(decide(action, resource, withMfa)).not.toBe('explicitDeny');
    },
  );

  test('with MFA: alice may deactivate her own device, not bob’s', () => {
    expect(decide('iam:DeactivateMFADevice', user('alice'), withMfa)).toBe('allow');
    expect(decide('iam:DeactivateMFADevice', user('bob'), withMfa)).toBe('implicitDeny');
  });

  test('with MFA: everything else is for her other policies to decide', () => {
    expect(decide('s3:ListAllMyBuckets', '*', withMfa)).toBe('implicitDeny');
    expect(decide('iam:CreateAccessKey', user('alice'), withMfa)).toBe('implicitDeny');
  });

  test('the user name is matched exactly, not as a pattern or a prefix', () => {
    expect(decide('iam:EnableMFADevice', user('alice2'), consoleWithoutMfa)).toBe('implicitDeny');
    expect(decide('iam:EnableMFADevice', user('Alice'), consoleWithoutMfa)).toBe('implicitDeny');
  });
});

// The evaluator's rules, each against the IAM User Guide's "Policy evaluation logic" and "IAM JSON
// policy elements": a wrong evaluator would make the table above prove nothing.
describe('the evaluator', () => {
  const allowAll: EvaluatedPolicy = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }],
  };
  const ctx = { 'aws:username': 'a.b' };

  test('no matching statement: implicit deny; an Allow: allow; a Deny wins over it', () => {
    const none: EvaluatedPolicy = { Version: '2012-10-17', Statement: [] };
    expect(evaluate(none, request('s3:GetObject', '*', ctx)).decision).toBe('implicitDeny');
    expect(evaluate(allowAll, request('s3:GetObject', '*', ctx)).decision).toBe('allow');
    const denied: EvaluatedPolicy = {
      ...allowAll,
      Statement: [...allowAll.Statement, { Sid: 'D', Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    };
    expect(evaluate(denied, request('s3:GetObject', '*', ctx))).toEqual({
      decision: 'explicitDeny',
      by: ['D'],
    });
    expect(evaluate(denied, request('ec2:RunInstances', '*', ctx)).decision).toBe('allow');
  });

  test('actions: case-insensitive, * and ? wildcards; NotAction matches every other action', () => {
    const p: EvaluatedPolicy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'L', Effect: 'Allow', Action: 'iam:List*', Resource: '*' }],
    };
    expect(evaluate(p, request('IAM:listusers', '*', ctx)).decision).toBe('allow');
    expect(evaluate(p, request('iam:GetUser', '*', ctx)).decision).toBe('implicitDeny');
    const q: EvaluatedPolicy = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'N', Effect: 'Allow', NotAction: 'iam:Get?ser', Resource: '*' }],
    };
    expect(evaluate(q, request('iam:GetUser', '*', ctx)).decision).toBe('implicitDeny');
    expect(evaluate(q, request('iam:GetUsers', '*', ctx)).decision).toBe('allow');
  });

  test('resources: case-sensitive; ${aws:username} substituted literally; missing key matches nothing', () => {
    const p: EvaluatedPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'U', Effect: 'Allow', Action: '*', Resource: 'arn:aws:iam::*:user/${aws:username}' },
      ],
    };
    expect(evaluate(p, request('iam:GetUser', user('a.b'), ctx)).decision).toBe('allow');
    // The '.' of "a.b" is not a wildcard, and ARNs are case-sensitive.
    expect(evaluate(p, request('iam:GetUser', user('axb'), ctx)).decision).toBe('implicitDeny');
    expect(evaluate(p, request('iam:GetUser', user('A.b'), ctx)).decision).toBe('implicitDeny');
    expect(evaluate(p, request('iam:GetUser', user('a.b'), {})).decision).toBe('implicitDeny');
  });

  test('Bool is false without the key, BoolIfExists true; other operators are refused', () => {
    const withCondition = (operator: string): EvaluatedPolicy => ({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'C',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { [operator]: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    });
    const noKey = request('s3:GetObject', '*', ctx);
    const noMfa = request('s3:GetObject', '*', { 'aws:MultiFactorAuthPresent': 'FALSE' });
    const mfaOn = request('s3:GetObject', '*', { 'aws:MultiFactorAuthPresent': 'true' });
    expect(evaluate(withCondition('Bool'), noKey).decision).toBe('implicitDeny');
    expect(evaluate(withCondition('BoolIfExists'), noKey).decision).toBe('explicitDeny');
    expect(evaluate(withCondition('Bool'), noMfa).decision).toBe('explicitDeny');
    expect(evaluate(withCondition('BoolIfExists'), mfaOn).decision).toBe('implicitDeny');
    expect(() => evaluate(withCondition('StringEquals'), noMfa)).toThrow(/not supported/);
  });
});
