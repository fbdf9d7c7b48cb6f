import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { ApiCallCounter } from '../aws/api-call-counter';
import { createS3Client, s3JsonStore } from '../aws/report-store';
import type { AggregateResult } from '../core/organization-run';
import { deliveryDeadline, liveCheckDeadline } from '../core/time-budget';
import { abortAt } from '../core/util/race-signal';
import { deliverOrganizationWithAws } from '../wiring/organization-alert-delivery';
import { buildOrganizationReport } from '../wiring/organization-aggregate';
import { finishOrganizationRun } from '../wiring/organization-finish';
import { readOrganizationConfig } from './organization-config';
import { parseAggregateEvent } from './organization-events';
import { emitOrganizationMetrics } from './audit-metrics';
import { logOrganizationReport } from './organization-report-log';

const logger = new Logger({ serviceName: 'mfa-auditor' });
// Read once at cold start: a bad setting fails every invocation with the same clear message.
const config = readOrganizationConfig(process.env);

/**
 * State `Aggregate` of the organization run: `{ runId, resultWriterDetails }` -> the
 * OrganizationReport at `runs/<runId>/organization-report.json`, logged in full, and the one alert
 * stream. Returns `{ runId, reportKey, status, summary }`; throws when the report is `failed`
 * (after alerting) or cannot be stored, so the execution fails and the alarm fires.
 */
export async function handler(
  event: unknown,
  context?: Partial<Pick<Context, 'getRemainingTimeInMillis'>>,
): Promise<AggregateResult> {
  const { runId, resultWriterDetails, mapError } = parseAggregateEvent(event);
  const startedMs = Date.now();
  const remainingMs = context?.getRemainingTimeInMillis?.();
  const counter = new ApiCallCounter();
  const s3 = createS3Client(counter);
  // Reads still waiting at the audit deadline are abandoned (their accounts fail): time stays for the alert.
  const reads = abortAt(remainingMs === undefined ? undefined : liveCheckDeadline(remainingMs, startedMs));
  let report;
  try {
    report = await buildOrganizationReport(
      { runId, resultWriterDetails, mapError, strategy: config.strategy },
      {
        store: s3JsonStore(s3, config.reportBucket, reads.signal),
        resultsStore: (bucket) => s3JsonStore(s3, bucket, reads.signal),
      },
    );
  } finally {
    reads.dispose();
    // Before the report is stored and alerted on, either of which may fail the step.
    emitOrganizationMetrics(report ?? null, { startedMs, deployment: config.metricsDeployment }, logger);
  }
  const topicArn = config.topicArn;
  const result = await finishOrganizationRun(runId, report, {
    store: s3JsonStore(s3, config.reportBucket),
    log: (r) => {
      logger.info('organization audit finished', { runId, status: r.status, summary: r.summary });
      logOrganizationReport(logger, r);
    },
    deliver:
      !config.dryRun && topicArn
        ? async (r) => {
            const delivery = await deliverOrganizationWithAws({
              report: r,
              config: { ...config, topicArn },
              counter,
              warn: (message, extra) => logger.warn(message, extra ?? {}),
              deadline: remainingMs === undefined ? undefined : deliveryDeadline(remainingMs, startedMs),
            });
            logger.info('alerts', {
              published: delivery.messageIds.length,
              quietBecause: delivery.quietBecause,
            });
          }
        : undefined,
  });
  logger.info('organization run stored', { ...result, apiCalls: counter.snapshot().calls });
  return result;
}
