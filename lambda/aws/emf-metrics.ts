import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricBatch } from '../core/audit-metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../core/metric-names';

export interface MetricsLog {
  readonly warn: (message: string, extra: Record<string, unknown>) => void;
}

/**
 * Writes each batch as one Embedded Metric Format record on stdout, where Lambda's log stream
 * carries it to CloudWatch: no PutMetricData call and no permission beyond writing the function's
 * logs. Never throws: a metric that cannot be written is logged, and the audit goes on. Powertools
 * adds the `service` dimension to every set; POWERTOOLS_METRICS_DISABLED=true turns the output off.
 */
export function publishMetrics(batches: readonly MetricBatch[], log: MetricsLog): void {
  try {
    const metrics = new Metrics({
      namespace: METRICS_NAMESPACE,
      serviceName: METRICS_SERVICE,
      // Powertools' own warnings go to the function's structured log, not to a bare stderr line.
      logger: { ...silent, warn: (...args: unknown[]) => log.warn(String(args[0]), { source: 'metrics' }) },
    });
    for (const b of batches) {
      for (const set of b.dimensionSets) metrics.addDimensions(set);
      for (const m of b.metrics) metrics.addMetric(m.name, m.unit, m.value);
      metrics.publishStoredMetrics();
    }
  } catch (err) {
    log.warn('metrics could not be written', { error: err instanceof Error ? err.message : String(err) });
  }
}

const silent = { debug: () => {}, info: () => {}, error: () => {}, trace: () => {} };
