/** The account id inside an IAM ARN (`arn:aws:iam::123456789012:user/x`), or null. */
export function accountIdFromArn(arn: string | undefined): string | null {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn ?? '');
  return match?.[1] ?? null;
}
