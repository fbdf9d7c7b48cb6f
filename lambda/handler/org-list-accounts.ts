import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { ApiCallCounter } from '../aws/api-call-counter';
import { createOrganizationsClient } from '../aws/organizations';
import { createS3Client, s3JsonStore } from '../aws/report-store';
import { deliveryDeadline } from '../core/time-budget';
import { abortAt } from '../core/util/race-signal';
import type { ListAccountsResult } from '../core/organization-run';
import { listRunAccounts } from '../wiring/organization-listing';
import { readOrganizationConfig } from './organization-config';
import { parseListAccountsEvent } from './organization-events';

const logger = new Logger({ serviceName: 'mfa-auditor' });
// Read once at cold start: a bad setting fails every invocation with the same clear message.
const config = readOrganizationConfig(process.env, { needsOrganizationalUnits: true });

/**
 * State `ListAccounts` of the organization run: `{ runId }` -> items.json and listing.json in
 * REPORT_BUCKET. A listing that fails is recorded for the aggregation, not thrown.
 */
export async function handler(
  event: unknown,
  context?: Partial<Pick<Context, 'getRemainingTimeInMillis' | 'invokedFunctionArn'>>,
): Promise<ListAccountsResult> {
  const { runId } = parseListAccountsEvent(event);
  const remainingMs = context?.getRemainingTimeInMillis?.();
  // Listing calls still waiting just before the timeout are abandoned: a recorded error beats a timeout.
  const abort = abortAt(remainingMs === undefined ? undefined : deliveryDeadline(remainingMs, Date.now()));
  try {
    const counter = new ApiCallCounter();
    const result = await listRunAccounts(
      {
        runId,
        bucket: config.reportBucket,
        parentIds: config.organizationalUnitIds,
        homeAccountId: context?.invokedFunctionArn?.split(':')[4],
      },
      {
        organizations: createOrganizationsClient(counter),
        store: s3JsonStore(createS3Client(counter), config.reportBucket),
        abortSignal: abort.signal,
      },
    );
    logger.info('accounts listed', { ...result, apiCalls: counter.snapshot().calls });
    return result;
  } finally {
    abort.dispose();
  }
}
