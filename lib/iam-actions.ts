/**
 * Every IAM API the audit function may call, in one place so later features extend this list and
 * the tests compare the role against it. Read-only by construction: nothing here changes IAM.
 * Resource types are from the Service Authorization Reference for IAM.
 */
export const AUDITOR_IAM_ACTIONS = {
  /**
   * Account-wide calls. IAM defines no resource type for them, so `Resource: "*"` is the only form
   * IAM accepts: a user ARN here would deny the call.
   */
  accountWide: [
    'iam:ListUsers',
    'iam:GenerateCredentialReport',
    'iam:GetCredentialReport',
    // The root user's MFA (SummaryMap.AccountMFAEnabled): lambda/aws/account-summary.ts.
    'iam:GetAccountSummary',
    'iam:ListAccountAliases',
    // Users holding a virtual MFA device now, to spot MFA removed since the credential report:
    // lambda/aws/virtual-mfa.ts.
    'iam:ListVirtualMFADevices',
  ],
  /** Per-user calls, scoped to `arn:${Partition}:iam::${Account}:user/*`. */
  perUser: ['iam:GetLoginProfile', 'iam:ListMFADevices', 'iam:ListUserTags'],
} as const;

/**
 * What a member account's read role allows: the audit's reads without `iam:ListAccountAliases`.
 * The alias only names the account in a single-account alert; organization alerts name accounts
 * by their name in Organizations, and a member's alias is never read.
 */
export const MEMBER_IAM_ACTIONS = {
  accountWide: AUDITOR_IAM_ACTIONS.accountWide.filter((a) => a !== 'iam:ListAccountAliases'),
  perUser: AUDITOR_IAM_ACTIONS.perUser,
} as const;

/**
 * Security Hub, with the `securityHub` setting: import this account's findings and read back the
 * open ones. Resource types from the Service Authorization Reference: BatchImportFindings acts on a
 * `product`, GetFindings on the `hub`.
 */
export const SECURITY_HUB_ACTIONS = {
  importFindings: 'securityhub:BatchImportFindings',
  readFindings: 'securityhub:GetFindings',
} as const;

/**
 * Enforcement (the `enforcement` setting), the only IAM writes the function may make, on the
 * stack's self-service MFA policy alone: who holds it (`preview` and `on`), and attaching it to or
 * detaching it from a user (`on`). Kept apart from AUDITOR_IAM_ACTIONS, which stays read-only.
 */
export const ENFORCEMENT_ACTIONS = {
  listHolders: 'iam:ListEntitiesForPolicy',
  attach: 'iam:AttachUserPolicy',
  detach: 'iam:DetachUserPolicy',
} as const;
