import type { OrgAccountOutcome, OrgRunResult } from './org-result';

/** One organization run's totals, as the markdown and the targets quote them. */
export interface OrgFigures {
  readonly accounts: number;
  readonly users: number;
  readonly violations: number;
  readonly found: number;
  readonly missed: number;
  readonly falsePositives: number;
  readonly errors: number;
  readonly complete: number;
  readonly apiCalls: number;
  readonly requests: number;
  readonly throttled: number;
  readonly slowest: OrgAccountOutcome;
  /** Sum of every account's audit time. */
  readonly auditSeconds: number;
}

export function orgFigures(r: OrgRunResult): OrgFigures {
  const sum = (pick: (a: OrgAccountOutcome) => number): number => r.accounts.reduce((n, a) => n + pick(a), 0);
  const slowest = r.accounts.reduce((a, b) => (b.auditSeconds > a.auditSeconds ? b : a));
  return {
    accounts: r.accounts.length,
    users: sum((a) => a.users),
    violations: sum((a) => a.violations),
    found: sum((a) => a.found),
    missed: sum((a) => a.missed),
    falsePositives: sum((a) => a.falsePositives),
    errors: sum((a) => a.errors),
    complete: r.accounts.filter((a) => a.status === 'complete').length,
    apiCalls: sum((a) => a.apiCalls),
    requests: sum((a) => a.requests),
    throttled: sum((a) => a.throttled),
    slowest,
    auditSeconds: sum((a) => a.auditSeconds),
  };
}

/** Every violator found, nothing flagged wrongly, every account completely audited. */
export function everyViolatorFound(f: OrgFigures): boolean {
  return (
    f.found === f.violations &&
    f.missed === 0 &&
    f.falsePositives === 0 &&
    f.errors === 0 &&
    f.complete === f.accounts
  );
}

/** The value below which `share` of `values` lie (nearest rank). */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? NaN;
}
