import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What the account itself (administrators, CloudFormation) may do with the key: manage it, never
 * use it. Listed one by one instead of CDK's default `kms:*`, so the key is used only as the key
 * policy's other statements allow (named principals, or the account's principals through one
 * service). Covers what CloudFormation needs to create, update and delete the key, and
 * PutKeyPolicy keeps it manageable (KMS's lockout safety check).
 */
const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** The key policy statement every key of the construct starts with. */
export function accountAdministersKey(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AccountAdministersKey',
    principals: [new iam.AccountRootPrincipal()],
    actions: KEY_ADMIN_ACTIONS,
    resources: ['*'],
  });
}
