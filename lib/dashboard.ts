import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { MetricName } from '../lambda/core/metric-names';
import { METRIC } from '../lambda/core/metric-names';
import { deploymentMetric } from './audit-metrics';

export interface AuditDashboardOptions {
  /** The `Deployment` dimension value (lib/audit-metrics.ts deploymentName). */
  readonly deployment: string;
  /** Organization mode: also graphs the accounts not audited. */
  readonly organization: boolean;
  /** Timeout of the function that audits an account (the single-account or the account function). */
  readonly auditTimeout: Duration;
  /** The violation alarm's threshold, drawn on the violations graph; absent without the alarm. */
  readonly violationAlarmThreshold?: number;
}

/**
 * The audit's CloudWatch dashboard, over the deployment-wide metrics: in organization mode the
 * counts are the organization's totals and the duration is the slowest account's audit.
 */
export function createAuditDashboard(scope: Construct, options: AuditDashboardOptions): cloudwatch.Dashboard {
  const { deployment } = options;
  const max = (name: MetricName, label: string) =>
    deploymentMetric(name, deployment, { statistic: cloudwatch.Stats.MAXIMUM, label });
  const sum = (name: MetricName, label: string) =>
    deploymentMetric(name, deployment, { statistic: cloudwatch.Stats.SUM, label });
  const timeoutMs = options.auditTimeout.toMilliseconds();
  const width = 12;
  const height = 6;

  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', { defaultInterval: Duration.days(14) });
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown:
        `**MFA audit** \`${deployment}\`${options.organization ? ' (organization: totals over every account)' : ''}. ` +
        'One data point per audit; no data between scheduled runs is normal. A failed audit sends no counts, ' +
        'only _audits failed_: see that graph before reading an empty one as compliant.',
      width: 2 * width,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Users without MFA',
      left: [
        max(METRIC.consoleUsersWithoutMfa, 'Console users without MFA'),
        max(
          METRIC.rootWithoutMfa,
          options.organization ? 'Accounts whose root user has no MFA' : 'Root user without MFA',
        ),
      ],
      leftYAxis: { min: 0 },
      leftAnnotations:
        options.violationAlarmThreshold === undefined
          ? undefined
          : [{ value: options.violationAlarmThreshold, label: 'Alarm threshold' }],
      width,
      height,
    }),
    new cloudwatch.GraphWidget({
      title: 'Not checked (never counted as compliant)',
      left: [
        max(METRIC.usersNotChecked, 'Users not checked'),
        max(METRIC.auditFailed, 'Audits failed'),
        ...(options.organization ? [max(METRIC.accountsNotAudited, 'Accounts not audited')] : []),
        // No data unless the securityHub setting is on.
        max(METRIC.securityHubErrors, 'Findings not in Security Hub'),
      ],
      leftYAxis: { min: 0 },
      width,
      height,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: options.organization
        ? 'Slowest account audit against the function timeout'
        : 'Audit duration against the function timeout',
      left: [max(METRIC.auditDuration, 'Audit duration (ms)')],
      leftYAxis: { min: 0 },
      leftAnnotations: [
        { value: timeoutMs, label: `Function timeout (${options.auditTimeout.toSeconds()} s)` },
      ],
      width,
      height,
    }),
    new cloudwatch.GraphWidget({
      title: 'IAM throttling',
      left: [sum(METRIC.apiThrottles, 'Throttled attempts (retried)')],
      right: [sum(METRIC.apiCalls, 'API calls')],
      leftYAxis: { min: 0 },
      rightYAxis: { min: 0 },
      width,
      height,
    }),
  );
  return dashboard;
}
