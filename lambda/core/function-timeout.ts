/**
 * The audit function's timeout: Lambda's maximum, the most it can be given. Plain data, so the stack,
 * the benchmark and the failure notice's re-run command all use the value the stack deploys.
 */
export const AUDIT_FUNCTION_TIMEOUT_SECONDS = 900;
