import { Aws } from 'aws-cdk-lib';

/** One statement of an IAM policy document, as IAM reads it (the JSON an IAM policy holds). */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatementJson[];
}

/**
 * What a user without MFA may still call while the policy is attached: enrolling an MFA device and
 * changing their own password. The Deny below exempts exactly these; the Allows grant them.
 */
export const ALLOWED_WITHOUT_MFA = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
] as const;

/**
 * The policy enforcement attaches to an overdue console user: AWS's documented self-service MFA
 * policy, IAM User Guide "AWS: Allows MFA-authenticated IAM users to manage their own MFA device on
 * the Security credentials page"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html),
 * with the password change of "... manage their own credentials on the Security credentials page"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html).
 * Until the user signs in with MFA they may only view their account's MFA and password settings,
 * enroll a device and change their own password; every other request is denied, whatever their
 * other policies allow. Signed in with MFA, the Deny does not apply and their other policies decide.
 *
 * Statement by statement, against the examples:
 * - AllowViewAccountInfo: the MFA-only example's `iam:ListVirtualMFADevices`, plus
 *   `iam:GetAccountPasswordPolicy` from the full example, which the console reads to show the
 *   password rules while the user changes their password.
 * - AllowManageOwnVirtualMFADevice: on `mfa/*`, as the current MFA-only example describes it ("any
 *   name"; the 2023 version had `mfa/${aws:username}`). Since IAM allows several devices per user
 *   the console asks for a device name of the user's choosing, so a device named after the user
 *   cannot be required. Creating a device grants nothing: only EnableMFADevice, on the user's own
 *   user, assigns it. Without MFA, DeleteVirtualMFADevice stays denied (the Deny does not exempt
 *   it), as the example's warning requires; with MFA it reaches unassigned devices only, IAM
 *   refusing to delete a device still assigned to a user.
 * - AllowManageOwnUserMFA: as the example, on `user/${aws:username}`, plus `iam:ChangePassword`:
 *   a user whose password must be reset at sign-in has to change it before anything else,
 *   enrolling MFA included. The full example says the same with its AllowManageOwnPasswords.
 * - DenyAllExceptListedIfNoMFA: the example's NotAction list (the 2023 version had
 *   `iam:ChangePassword` in it too) plus `iam:ChangePassword` and `iam:GetAccountPasswordPolicy`,
 *   the two additions the full example's note names to let users change their password at sign-in. BoolIfExists, as the example: a request without the key
 *   (long-term access keys) counts as without MFA and is denied too.
 *
 * `${aws:username}` is IAM's policy variable, not a CloudFormation token: CDK leaves it in the
 * template as text (Fn::Join, never Fn::Sub). The partition is the stack's pseudo parameter, so
 * the document is the same in aws-cn and aws-us-gov; a test passes `aws` to read it as plain JSON.
 */
export function selfServiceMfaPolicyDocument(partition: string = Aws.PARTITION): PolicyDocumentJson {
  const iamArn = (resource: string): string => `arn:${partition}:iam::*:${resource}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Effect: 'Allow',
        // Neither action has a resource type in IAM: "*" is the only resource they accept.
        Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
        Resource: '*',
      },
      {
        Sid: 'AllowManageOwnVirtualMFADevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'],
        Resource: iamArn('mfa/*'),
      },
      {
        Sid: 'AllowManageOwnUserMFA',
        Effect: 'Allow',
        Action: [
          'iam:ChangePassword',
          'iam:DeactivateMFADevice',
          'iam:EnableMFADevice',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ResyncMFADevice',
        ],
        Resource: iamArn('user/${aws:username}'),
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [...ALLOWED_WITHOUT_MFA],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  };
}
