import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Every object of an organization run is under `runs/` (lambda/core/organization-run.ts runKeys). */
export const RUNS_PREFIX = 'runs/';

/**
 * Where the map's ResultWriter puts its manifest and result files: Step Functions adds a folder
 * per map run under it. Under `runs/`, so the same lifecycle rule expires it.
 */
export const RESULTS_PREFIX = 'runs/results';

/**
 * How long a run's documents (account list, every account's report, the organization report, the
 * map's results) are kept: a year, like the default retention of the functions' log groups, which
 * hold every full report too. Long enough for an annual review to find any day's evidence.
 */
export const RUN_RETENTION_DAYS = 365;

/**
 * The organization run's bucket: private, TLS only, S3-managed encryption. S3-managed rather than
 * a customer-managed key: the bucket is read and written only by this stack's functions and state
 * machine, and a key would add a key policy naming each of them (and Step Functions' ResultWriter)
 * for no one else's benefit.
 */
export function createReportBucket(scope: Construct): s3.Bucket {
  return new s3.Bucket(scope, 'RunBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [
      {
        id: 'ExpireRuns',
        prefix: RUNS_PREFIX,
        expiration: Duration.days(RUN_RETENTION_DAYS),
        // The ResultWriter uploads in parts; a part left by a map run that died is never read.
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    // Audit evidence, like the functions' log groups: deleting the stack leaves it behind.
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
