import { AwsCallError } from '../core/errors';
import { isUnreadableResponse } from './sdk-transport';

const DENIED = /AccessDenied|AuthorizationError|UnauthorizedOperation|NotAuthorized/;
/** The caller's credentials, not its permissions, are the problem: granting a permission will not help. */
const BAD_CREDENTIALS = /InvalidClientTokenId|ExpiredToken|UnrecognizedClient|SignatureDoesNotMatch/;

/**
 * Turns an SDK error into an AwsCallError a person can act on: the operation, AWS's words and,
 * when access was denied, the exact permission to grant. The same facts are fields for code:
 * `code` (AWS's error name), `permission` (when denied), `requestId`, and the SDK's error as `cause`.
 */
export function describeAwsError(
  service: keyof typeof SERVICE_NAMES,
  operation: string,
  err: unknown,
): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const name = err instanceof Error ? err.name : 'Error';
  const text = err instanceof Error ? withoutSdkHint(err.message) : String(err);
  const { httpStatusCode, requestId } = err instanceof Error ? metadataOf(err) : {};
  if (isUnreadableResponse(err)) {
    const facts = [httpStatusCode && `HTTP ${httpStatusCode}`, requestId && `request id ${requestId}`];
    return new AwsCallError(
      operation,
      `${SERVICE_NAMES[service]} returned a response to ${operation} that could not be read` +
        ` (${[...facts, text].filter(Boolean).join('; ')})${afterAttempts(err)}`,
      // Not an error AWS sent: the name is the parser's, so it is no `code`.
      { requestId, cause: err },
    );
  }
  const permission = permissionFor(service, operation, name);
  return new AwsCallError(
    operation,
    `${name}: ${text}${name === 'TimeoutError' ? afterAttempts(err) : ''}${hintFor(name, permission)}`,
    { code: err instanceof Error ? name : undefined, permission, requestId, cause: err },
  );
}

const SERVICE_NAMES = {
  iam: 'IAM',
  sns: 'SNS',
  dynamodb: 'DynamoDB',
  sts: 'STS',
  organizations: 'Organizations',
  s3: 'S3',
  securityhub: 'Security Hub',
} as const;

/**
 * The SDK appends this to an error it could not deserialize; it points at a field of the JavaScript
 * object, which means nothing to a person reading an alert.
 */
const SDK_DESERIALIZATION_HINT =
  /\s*Deserialization error: to see the raw response, inspect the hidden field.*$/s;

function withoutSdkHint(message: string): string {
  return message.replace(SDK_DESERIALIZATION_HINT, '');
}

function metadataOf(err: Error): { httpStatusCode?: number; requestId?: string; attempts?: number } {
  return (
    (err as { $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number } }).$metadata ??
    {}
  );
}

function afterAttempts(err: unknown): string {
  const attempts = err instanceof Error ? metadataOf(err).attempts : undefined;
  return attempts && attempts > 1 ? `, after ${attempts} attempts` : '';
}

/**
 * The IAM action a denied call needs. None for a KMS denial: the key policy lacks a grant of two
 * actions (the message names them), not the caller's policy one action.
 */
function permissionFor(service: string, operation: string, name: string): string | undefined {
  if (name === 'KMSAccessDeniedException' || BAD_CREDENTIALS.test(name)) return undefined;
  return DENIED.test(name) ? `${service}:${operation}` : undefined;
}

function hintFor(name: string, permission: string | undefined): string {
  if (BAD_CREDENTIALS.test(name)) return ' (the AWS credentials are invalid or expired)';
  // A topic encrypted with a customer-managed key: the key policy is missing a grant, not sns:Publish.
  if (name === 'KMSAccessDeniedException')
    return ' (needs kms:GenerateDataKey* and kms:Decrypt on the KMS key)';
  // Security Hub's answer when it is not enabled in the account and region called.
  if (name === 'InvalidAccessException') return ' (is Security Hub enabled in this account and region?)';
  return permission ? ` (needs ${permission})` : '';
}

export function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}
