import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { auditAccount } from './audit-account';
import { ApiCallCounter } from './aws/api-call-counter';
import { publishMessage } from './aws/publish';
import { createSnsClient } from './aws/sns-client';
import type { AuditReport } from './core/types';
import { subjectFor } from './format/subject';
import { summaryText } from './format/summary-text';
import { readHandlerConfig } from './handler-config';
import { parseInvokeEvent } from './invoke-event';

const logger = new Logger({ serviceName: 'mfa-auditor' });
// Read once at cold start: a bad setting fails every invocation with the same clear message.
const config = readHandlerConfig(process.env);

/**
 * Scheduled (`{}`) and on-demand (`{ dryRun?, strategy?, users? }`) invocations. Returns the
 * AuditReport. Publishes unless this invocation or the deployment is a dry run. An audit that could
 * not run at all fails the invocation after publishing its failure notice, so the error alarm fires.
 */
export async function handler(
  event: unknown,
  context?: Pick<Context, 'invokedFunctionArn'>,
): Promise<AuditReport> {
  const request = parseInvokeEvent(event);
  const accountId = context?.invokedFunctionArn?.split(':')[4];
  const report = await auditAccount(
    { ...config, strategy: request.strategy ?? config.strategy },
    { users: request.users, accountId },
  );
  logger.info('audit finished', {
    status: report.status,
    strategy: report.strategy,
    summary: report.summary,
    apiCalls: report.apiCalls,
  });
  // The full report goes to the log first, so nothing is lost whatever happens next.
  logger.info('audit report', { report });

  const publish = !request.dryRun && !config.dryRun && config.topicArn !== undefined;
  if (publish && config.topicArn) {
    const sns = createSnsClient(new ApiCallCounter(), config.topicArn);
    const messageId = await publishMessage(sns, config.topicArn, {
      subject: subjectFor(report),
      message: summaryText(report),
    });
    logger.info('published', { messageId });
  }
  if (report.status === 'failed') {
    throw new Error(
      `MFA audit failed: ${report.errors.map((e) => `${e.operation}: ${e.message}`).join('; ')}`,
    );
  }
  return report;
}
