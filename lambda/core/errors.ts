import type { FailedCall } from './types';

/** What an AwsCallError knows besides its operation and message (see FailedCall). */
export interface AwsCallDetails {
  readonly code?: string;
  readonly permission?: string;
  readonly requestId?: string;
  /** The error as the SDK threw it. */
  readonly cause?: unknown;
}

/**
 * A failed AWS call, already described for a person: which operation, what AWS said, what to grant.
 * The one way an adapter says "this call failed": adapters throw it, and the engine turns it into
 * data (`describeFailure`) where it records the failure.
 */
export class AwsCallError extends Error implements FailedCall {
  override readonly name = 'AwsCallError';
  // Declared, not initialised: an error without them has no such keys at all.
  declare readonly code?: string;
  declare readonly permission?: string;
  declare readonly requestId?: string;

  constructor(
    readonly operation: string,
    message: string,
    details: AwsCallDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.code !== undefined) this.code = details.code;
    if (details.permission !== undefined) this.permission = details.permission;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

/** Any thrown value as a FailedCall: an AwsCallError's fields, or `unknown` and the error's text. */
export function describeFailure(err: unknown): FailedCall {
  if (err instanceof AwsCallError) return failedCall(err.operation, err.message, err);
  return {
    operation: 'unknown',
    message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}

/** A FailedCall with only the optional fields that are set (so the JSON holds no empty keys). */
export function failedCall(
  operation: string,
  message: string,
  details: Pick<FailedCall, 'code' | 'permission' | 'requestId'> = {},
): FailedCall {
  return {
    operation,
    message,
    ...(details.code === undefined ? {} : { code: details.code }),
    ...(details.permission === undefined ? {} : { permission: details.permission }),
    ...(details.requestId === undefined ? {} : { requestId: details.requestId }),
  };
}
