import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { auditAccount } from '../wiring/audit-account';
import { ApiCallCounter } from '../aws/api-call-counter';
import { createIamClient } from '../aws/iam-client';
import { deliverWithAws } from '../wiring/alert-delivery';
import { describeFailedAudit } from '../wiring/failed-audit';
import type { AuditReport } from '../core/types';
import { readHandlerConfig } from './config';
import { parseInvokeEvent } from './invoke-event';
import { emitSingleAccountMetrics, measured } from './audit-metrics';
import { logFullReport } from './report-log';
import { deliveryDeadline, exportDeadline, liveCheckDeadline } from '../core/time-budget';

const logger = new Logger({ serviceName: 'mfa-auditor' });
// Read once at cold start: a bad setting fails every invocation with the same clear message.
const config = readHandlerConfig(process.env);

/** The audit could not run; its failure notice was published (unless a dry run). */
export class AuditFailedError extends Error {
  override readonly name = 'AuditFailedError';
}

/**
 * Scheduled (`{}`), on-demand (`{ dryRun?, strategy?, users? }`) and CloudTrail IAM-event
 * invocations. Returns the AuditReport. Publishes unless this invocation or the deployment is a dry
 * run. An audit that could not run fails the invocation after its failure notice, so the alarm fires.
 */
export async function handler(
  event: unknown,
  context?: Partial<Pick<Context, 'invokedFunctionArn' | 'functionName' | 'getRemainingTimeInMillis'>>,
): Promise<AuditReport> {
  const request = parseInvokeEvent(event);
  const startedMs = Date.now();
  const remainingMs = context?.getRemainingTimeInMillis?.();
  const counter = new ApiCallCounter();
  const iam = createIamClient(counter);
  const [, partition, , , accountId] = context?.invokedFunctionArn?.split(':') ?? [];
  const report = await measured(
    () =>
      auditAccount(
        { ...config, strategy: request.strategy ?? config.strategy },
        {
          users: request.users,
          accountId,
          iam: { client: iam, counter },
          deadline: remainingMs === undefined ? undefined : liveCheckDeadline(remainingMs, startedMs),
          securityHub: config.securityHub
            ? {
                dryRun: request.dryRun || config.dryRun,
                accountId,
                partition,
                deadline: remainingMs === undefined ? undefined : exportDeadline(remainingMs, startedMs),
              }
            : undefined,
          enforcement:
            config.enforcement !== 'off'
              ? {
                  // An on-demand dry run changes nothing: it previews.
                  mode: request.dryRun || config.dryRun ? 'preview' : config.enforcement,
                  policyArn: config.enforcePolicyArn,
                  enforceAfterDays: config.enforceAfterDays,
                  gracePeriodHours: config.gracePeriodHours,
                  deadline: remainingMs === undefined ? undefined : exportDeadline(remainingMs, startedMs),
                }
              : undefined,
        },
      ),
    (r, durationMs) => {
      // A re-check of named users says nothing about the account's counts.
      if (request.users !== undefined) return;
      const deployment = config.metricsDeployment;
      emitSingleAccountMetrics(r, { durationMs, counter, accountId, deployment }, logger);
    },
    logger,
  );
  logger.info('audit finished', {
    trigger: request.trigger,
    eventName: request.eventName,
    status: report.status,
    strategy: report.strategy,
    summary: report.summary,
    apiCalls: report.apiCalls,
    apiRetries: report.apiRetries,
    securityHub: report.securityHub && {
      status: report.securityHub.status,
      opened: report.securityHub.opened,
      resolved: report.securityHub.resolved,
      kept: report.securityHub.kept.length,
      errors: report.securityHub.errors.length,
    },
  });
  if (report.enforcement) {
    logger.info('enforcement', {
      mode: report.enforcement.mode,
      attached: report.enforcement.attached,
      detached: report.enforcement.detached,
      wouldAttach: report.enforcement.wouldAttach.length,
      wouldDetach: report.enforcement.wouldDetach.length,
    });
    if (report.enforcement.failed.length > 0) {
      logger.error('enforcement failed', { failed: report.enforcement.failed.slice(0, 20) });
    }
  }
  if (report.securityHub?.errors.length) {
    logger.error('Security Hub export incomplete', { errors: report.securityHub.errors.slice(0, 20) });
  }
  // The whole report goes to the log first, so nothing is lost whatever happens next.
  logFullReport(logger, report);

  const topicArn = config.topicArn;
  let undelivered: string | undefined;
  if (!request.dryRun && !config.dryRun && topicArn) {
    try {
      const result = await deliverWithAws({
        report,
        config: { ...config, topicArn },
        iam,
        counter,
        functionName: context?.functionName,
        warn: (message, extra) => logger.warn(message, extra ?? {}),
        deadline: remainingMs === undefined ? undefined : deliveryDeadline(remainingMs, startedMs),
      });
      logger.info('alerts', {
        published: result.messageIds.length,
        quietBecause: result.quietBecause,
        newViolations: result.changes?.newViolations.length,
        resolved: result.changes?.resolved.length,
      });
    } catch (err) {
      // A failed audit must still fail as itself, not as the publish that could not announce it.
      if (report.status !== 'failed') throw err;
      undelivered = err instanceof Error ? err.message : String(err);
    }
  }
  if (report.status === 'failed') {
    throw new AuditFailedError(`MFA audit failed: ${describeFailedAudit(report, undelivered)}`);
  }
  return report;
}
