/** A failed AWS call, already described for a person: which operation, what AWS said, what to grant. */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(message);
  }
}

export function describeFailure(err: unknown): { operation: string; message: string } {
  if (err instanceof AwsCallError) return { operation: err.operation, message: err.message };
  return {
    operation: 'unknown',
    message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
  };
}
