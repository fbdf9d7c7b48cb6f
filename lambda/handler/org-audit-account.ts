import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { ApiCallCounter } from '../aws/api-call-counter';
import { createStsClient } from '../aws/member-credentials';
import { createS3Client, s3JsonStore } from '../aws/report-store';
import type { AccountAuditReport } from '../core/organization';
import type { AccountItemResult } from '../core/organization-run';
import { deliveryDeadline, exportDeadline, liveCheckDeadline } from '../core/time-budget';
import { resolveCaller } from '../wiring/caller';
import { auditRunItem } from '../wiring/organization-item';
import { recheckAndAlert } from '../wiring/organization-recheck';
import { readOrganizationConfig } from './organization-config';
import { parseAuditAccountEvent } from './organization-events';
import { emitOrganizationAccountMetrics } from './audit-metrics';
import { logFullReport } from './report-log';

const logger = new Logger({ serviceName: 'mfa-auditor' });
// Read once at cold start: a bad setting fails every invocation with the same clear message.
const config = readOrganizationConfig(process.env);

type AuditAccountContext = Partial<
  Pick<Context, 'invokedFunctionArn' | 'functionName' | 'getRemainingTimeInMillis'>
>;

/**
 * The organization run's item processor, and the organization's IAM re-check:
 * - a map item `{ accountId, accountName?, runId }`: audits that account, stores its report at
 *   `runs/<runId>/accounts/<accountId>.json` and returns the AccountItemResult; throws only when
 *   the report cannot be stored;
 * - an IAM CloudTrail event (`source: aws.iam`) from any account: re-checks the users it names in
 *   `event.account` and alerts with that account's state; returns the account's report.
 * The audit ends by the function's timeout less a reserve, so a slow account is `incomplete`.
 */
export async function handler(
  event: unknown,
  context?: AuditAccountContext,
): Promise<AccountItemResult | AccountAuditReport> {
  const request = parseAuditAccountEvent(event);
  const startedMs = Date.now();
  const remainingMs = context?.getRemainingTimeInMillis?.();
  const counter = new ApiCallCounter();
  const sts = createStsClient(counter);
  const caller = await resolveCaller(sts, context?.invokedFunctionArn);
  const member = {
    callerAccountId: caller.accountId,
    partition: caller.partition,
    roleName: config.memberRoleName,
    sts,
  };
  const deadline = remainingMs === undefined ? undefined : liveCheckDeadline(remainingMs, startedMs);

  if (request.kind === 'item') {
    // The audit's own IAM calls: the report's apiCalls and the throttles of its metrics.
    const iamCounter = new ApiCallCounter();
    const { result } = await auditRunItem(config, request.item, {
      member,
      store: s3JsonStore(createS3Client(counter), config.reportBucket),
      deadline,
      securityHub: config.securityHub
        ? {
            dryRun: config.dryRun,
            deadline: remainingMs === undefined ? undefined : exportDeadline(remainingMs, startedMs),
          }
        : undefined,
      counter: iamCounter,
      log: (r) => {
        // Before the report is stored: a bucket that refuses it does not lose the account's metrics.
        const deployment = config.metricsDeployment;
        const durationMs = Date.now() - startedMs;
        emitOrganizationAccountMetrics(r, { durationMs, counter: iamCounter, deployment }, logger);
        logger.info('account audited', {
          runId: request.item.runId,
          accountId: r.accountId,
          status: r.status,
          summary: r.summary,
          apiCalls: r.apiCalls,
          securityHub: r.securityHub && { status: r.securityHub.status, errors: r.securityHub.errors.length },
        });
        logFullReport(logger, r);
      },
    });
    return result;
  }

  const { report, delivery } = await recheckAndAlert(
    config,
    { accountId: request.accountId, users: request.users },
    {
      member,
      functionName: context?.functionName,
      deadline,
      deliveryDeadline: remainingMs === undefined ? undefined : deliveryDeadline(remainingMs, startedMs),
      warn: (message, extra) => logger.warn(message, extra ?? {}),
      log: (r) => {
        logger.info('re-check finished', {
          trigger: 'iam-event',
          eventName: request.eventName,
          accountId: r.accountId,
          status: r.status,
          summary: r.summary,
          apiCalls: r.apiCalls,
        });
        logFullReport(logger, r);
      },
    },
  );
  if (delivery) {
    logger.info('alerts', {
      published: delivery.messageIds.length,
      quietBecause: delivery.quietBecause,
      newViolations: delivery.changes?.newViolations.length,
      resolved: delivery.changes?.resolved.length,
    });
  }
  return report;
}
