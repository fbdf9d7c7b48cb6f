import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { MetricName } from '../lambda/core/metric-names';
import { DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE } from '../lambda/core/metric-names';

/**
 * The value of the `Deployment` dimension: the stack's name and the construct's path in it. Known
 * at synth in both modes (an account id or organization id may not be), and distinct for two
 * auditors in one account.
 */
export function deploymentName(auditor: Construct): string {
  const stack = Stack.of(auditor);
  const inStack = auditor.node.path.slice(stack.node.path.length + 1);
  return Token.isUnresolved(stack.stackName) ? auditor.node.path : `${stack.stackName}/${inStack}`;
}

/**
 * A metric of the whole deployment, the dimension set the emitters write it under
 * (lambda/core/audit-metrics.ts): `service` (Powertools') and `Deployment`. Hourly by default:
 * an audit is one data point, and a daily schedule leaves the hours between empty.
 */
export function deploymentMetric(
  name: MetricName,
  deployment: string,
  options: { readonly statistic: string; readonly label?: string; readonly period?: Duration },
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { [DIMENSION.service]: METRICS_SERVICE, [DIMENSION.deployment]: deployment },
    statistic: options.statistic,
    label: options.label,
    period: options.period ?? Duration.hours(1),
  });
}
