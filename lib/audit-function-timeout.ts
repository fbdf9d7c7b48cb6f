/**
 * The audit function's timeout: Lambda's maximum, the most it can be given. Its own module (no CDK
 * import) so the benchmark judges runs against the value the stack deploys.
 */
export const AUDIT_FUNCTION_TIMEOUT_SECONDS = 900;
