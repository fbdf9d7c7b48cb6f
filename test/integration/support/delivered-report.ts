import type { AuditReport } from '../../../lambda/core/types';
import type { DeliveredMessage } from '../../../tools/moto/sns-capture';

/**
 * What a machine subscriber (SQS, Lambda) receives: the AuditReport JSON, possibly split into
 * parts that each carry their share of the lists (README, "The AuditReport"; lambda/alerts/machine-report.ts).
 */
export interface DeliveredReport extends AuditReport {
  readonly part?: { readonly index: number; readonly total: number };
}

export function parseDeliveredReports(messages: readonly DeliveredMessage[]): DeliveredReport[] {
  return messages.map((m) => {
    try {
      return JSON.parse(m.message) as DeliveredReport;
    } catch {
      throw new Error(`an SQS subscriber got a body that is not the AuditReport JSON:\n${m.message}`);
    }
  });
}

/** Every violating user name over all parts, sorted; fails unless every part arrived once. */
export function deliveredViolators(reports: readonly DeliveredReport[]): string[] {
  const parts = reports.map((r) => r.part?.index ?? 1).sort((a, b) => a - b);
  const total = reports[0]?.part?.total ?? 1;
  expect(parts).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  return reports.flatMap((r) => r.violations.map((v) => v.userName)).sort();
}
