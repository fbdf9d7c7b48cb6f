/**
 * IAM's own rule for a user name (IAM API reference, `UserName`: pattern `[\w+=,.@-]+`, 1 to 64
 * characters). A name outside it cannot exist, so asking to check it is a mistake to report, not a
 * user to look for.
 */
const IAM_USER_NAME = /^[A-Za-z0-9_+=,.@-]{1,64}$/;

export function isIamUserName(name: string): boolean {
  return IAM_USER_NAME.test(name);
}

/**
 * IAM user names are unique without regard to case and IAM accepts any case in a request (a
 * CloudTrail event may name `Alice` for the user ListUsers calls `alice`): compare by this key.
 */
export function userNameKey(name: string): string {
  return name.toLowerCase();
}

/** What a valid name looks like, for error messages. */
export const IAM_USER_NAME_RULE = '1 to 64 of the characters A-Z a-z 0-9 _ + = , . @ -';
