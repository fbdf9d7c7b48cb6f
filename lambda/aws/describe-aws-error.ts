import { AwsCallError } from '../core/errors';

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized|InvalidClientTokenId|ExpiredToken/;

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
  const hint = DENIED.test(name) ? ` (needs ${service}:${operation})` : '';
  return new AwsCallError(operation, `${name}: ${text}${hint}`);
}

export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}
