/** Where a person fixes a user: console pages and the MFA serial number, per AWS partition. */

const CONSOLE_HOSTS: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
};

/** `aws`, `aws-us-gov`, `aws-cn` from an ARN; `aws` when the ARN does not say. */
export function partitionOf(arn: string | undefined): string {
  return /^arn:([a-z-]+):/.exec(arn ?? '')?.[1] ?? 'aws';
}

function consoleHost(arn: string | undefined): string {
  return CONSOLE_HOSTS[partitionOf(arn)] ?? CONSOLE_HOSTS.aws ?? 'console.aws.amazon.com';
}

/**
 * The user's "Security credentials" tab in the IAM console (where "Assign MFA device" and "Manage
 * console access" are). The user name is URL-encoded: IAM names may contain `+=,@`.
 */
export function userSecurityCredentialsUrl(userName: string, userArn: string): string {
  return `https://${consoleHost(userArn)}/iam/home#/users/details/${encodeURIComponent(userName)}?section=security_credentials`;
}

export function usersListUrl(anyArn?: string): string {
  return `https://${consoleHost(anyArn)}/iam/home#/users`;
}

/** The serial number IAM gives a virtual MFA device created under `deviceName` (no path). */
export function virtualMfaSerial(
  userArn: string,
  deviceName: string,
  fallbackAccountId: string | null,
): string {
  const account = /^arn:[a-z-]+:iam::(\d{12}):/.exec(userArn)?.[1] ?? fallbackAccountId ?? 'ACCOUNT_ID';
  return `arn:${partitionOf(userArn)}:iam::${account}:mfa/${deviceName}`;
}
