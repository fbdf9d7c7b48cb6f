import { AwsCallError } from '../core/errors';

const DENIED = /AccessDenied|AuthorizationError|UnauthorizedOperation|NotAuthorized/;
/** The caller's credentials, not its permissions, are the problem: granting a permission will not help. */
const BAD_CREDENTIALS = /InvalidClientTokenId|ExpiredToken|UnrecognizedClient|SignatureDoesNotMatch/;

/**
 * Turns an SDK error into an AwsCallError a person can act on: the operation, AWS's words and,
 * when access was denied, the exact permission to grant.
 */
export function describeAwsError(
  service: 'iam' | 'sns' | 'dynamodb',
  operation: string,
  err: unknown,
): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const text = err instanceof Error ? err.message : String(err);
  return new AwsCallError(operation, `${name}: ${text}${hintFor(service, operation, name)}`);
}

function hintFor(service: string, operation: string, name: string): string {
  if (BAD_CREDENTIALS.test(name)) return ' (the AWS credentials are invalid or expired)';
  // A topic encrypted with a customer-managed key: the key policy is missing a grant, not sns:Publish.
  if (name === 'KMSAccessDeniedException')
    return ' (needs kms:GenerateDataKey* and kms:Decrypt on the KMS key)';
  return DENIED.test(name) ? ` (needs ${service}:${operation})` : '';
}

export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}
