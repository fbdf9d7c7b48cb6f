import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import { ConfigError } from '../lambda/settings/parse';
import type { EnforcementMode } from '../lambda/settings/table';
import { USERS_ARN } from './audit-function';
import { ENFORCEMENT_ACTIONS } from './iam-actions';
import { selfServiceMfaPolicyDocument } from './self-service-mfa-policy';

/**
 * The self-service MFA policy (lib/self-service-mfa-policy.ts), created in every mode: `off` never
 * attaches it, but its ARN (output EnforcePolicyArn) lets `npm run audit -- --enforce preview`
 * show what enforcement would do before anyone turns it on.
 */
export function createEnforcementPolicy(scope: Construct): iam.ManagedPolicy {
  return new iam.ManagedPolicy(scope, 'SelfServiceMfaPolicy', {
    description:
      'MFA auditor enforcement: attached to a console user overdue for MFA; until they sign in with ' +
      'MFA they may only enroll an MFA device and change their own password',
    document: iam.PolicyDocument.fromJson(selfServiceMfaPolicyDocument()),
  });
}

/**
 * What the function may do with the policy, in an IAM policy of its own so that its cdk-nag
 * acknowledgement (lib/nag-suppressions.ts) covers these statements alone: `preview` and `on`
 * list who holds the policy; `on` attaches it to and detaches it from users, and only it (the
 * iam:PolicyARN condition). Nothing in `off`.
 */
export function addEnforcementPermissions(
  scope: Construct,
  role: iam.IRole,
  fn: IConstruct,
  policy: iam.IManagedPolicy,
  mode: EnforcementMode,
): iam.Policy | undefined {
  if (mode === 'off') return undefined;
  const statements = [
    new iam.PolicyStatement({
      sid: 'ListEnforcedUsers',
      actions: [ENFORCEMENT_ACTIONS.listHolders],
      resources: [policy.managedPolicyArn],
    }),
  ];
  if (mode === 'on') {
    statements.push(
      new iam.PolicyStatement({
        sid: 'AttachDetachSelfServiceMfaPolicy',
        actions: [ENFORCEMENT_ACTIONS.attach, ENFORCEMENT_ACTIONS.detach],
        resources: [USERS_ARN],
        conditions: { ArnEquals: { 'iam:PolicyARN': policy.managedPolicyArn } },
      }),
    );
  }
  const permissions = new iam.Policy(scope, 'EnforcementPermissions', { roles: [role], statements });
  // A run right after the deployment must not find its role without them.
  fn.node.addDependency(permissions);
  return permissions;
}

/** Organization mode audits member accounts through a read-only role: it has nothing to enforce with. */
export function requireSingleAccountEnforcement(
  mode: EnforcementMode,
  organizationalUnitIds: readonly string[],
): void {
  if (mode !== 'off' && organizationalUnitIds.length > 0) {
    throw new ConfigError(
      `enforcement is single-account only for now: enforcement=${JSON.stringify(mode)} cannot be ` +
        `combined with organizationalUnitIds=${JSON.stringify(organizationalUnitIds.join(','))}; ` +
        'unset one of them',
    );
  }
}
