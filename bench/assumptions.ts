import type { RateLimit } from '../tools/simulated-iam';

/**
 * The simulated IAM the benchmark measures against. AWS does not publish IAM's request rate; 20
 * requests a second (burst 20) is an assumption, shared by every action as IAM's account-wide
 * limit is. Latency is a typical round trip to iam.amazonaws.com from a Lambda in us-east-1.
 */
export const ASSUMED_RATE_LIMIT: RateLimit = { perSecond: 20, burst: 20 };
export const ASSUMED_LATENCY_MS = 50;
/** For the run where no report exists yet: how long IAM takes to build one (an assumption). */
export const ASSUMED_REPORT_GENERATION_MS = 5000;

export const USER_COUNTS = [100, 1000, 5000] as const;
export const VIOLATION_SHARES = [0, 0.01, 1] as const;
export const MOTO_USERS = 1000;

/** For the run where IAM is slower than assumed (requests/s). */
export const SLOW_IAM_RATE = 10;

/**
 * The Node.js flags Lambda's Node.js runtime starts a function with, by its bootstrap script: new
 * space = memory / 10, semi-space = half of it, old space = memory - new space, plus --expose-gc
 * and --max-http-header-size 81920.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    '--max-http-header-size=81920',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/** Function sizes whose flags the bundle is measured under (128 MB is the target's). */
export const LAMBDA_MEMORY_SIZES = [128, 256] as const;
/** Runs of each 1% memory configuration: the peak varies from run to run with GC timing. */
export const MEMORY_REPEATS = 2;

/**
 * Simulated time each account of the organization costs outside the audit itself, in the Distributed
 * Map: the child execution's start and the Lambda invocation (counted as a cold start every time,
 * though Lambda reuses warm ones; the bundle's init is ~110 ms), AssumeRole into the member role,
 * and the PutObject of the account's report to S3. An assumption, generous on purpose.
 */
export const ASSUMED_MAP_ITEM_OVERHEAD_MS = 1000;
/** The same for one process looping over the accounts: an AssumeRole round trip and its output. */
export const ASSUMED_LOOP_ACCOUNT_OVERHEAD_MS = 200;
