import type { AuditStatus } from '../lambda/core/types';
import type { OrganizationSummary } from '../lambda/core/organization';

/**
 * `map`: the deployed Distributed Map, at most `concurrency` accounts in flight, each one function
 * invocation with the handler's time budget. `loop`: one process auditing the accounts one after
 * another, as a c7n-org-style loop does (the CLI has no time budget).
 */
export type OrgMode = 'map' | 'loop';

/** One account of the simulated organization, as audited. */
export interface OrgAccountOutcome {
  readonly accountId: string;
  readonly users: number;
  readonly neglected: boolean;
  readonly report: 'stale' | 'no-report';
  /** The strategy the engine resolved to (`live` or `report`). */
  readonly strategy: string;
  readonly status: AuditStatus;
  /** Violators in the account when audited: the simulated population's ground truth. */
  readonly violations: number;
  readonly found: number;
  readonly missed: number;
  readonly falsePositives: number;
  readonly errors: number;
  /** Logical API calls (retries not included). */
  readonly apiCalls: number;
  /** Requests that reached the account's IAM, retries included. */
  readonly requests: number;
  readonly throttled: number;
  /** Simulated seconds from the start of the organization run to the start of this account's audit. */
  readonly startSeconds: number;
  /** Simulated seconds the audit took (runAudit, from the handler's start to its report). */
  readonly auditSeconds: number;
}

export interface OrgRunResult {
  readonly mode: OrgMode;
  /** Accounts in flight at most. */
  readonly concurrency: number;
  /** Simulated time per account outside the audit (see assumptions.ts). */
  readonly accountOverheadMs: number;
  readonly accounts: readonly OrgAccountOutcome[];
  /** Simulated wall time, first item started to last item done. */
  readonly simulatedSeconds: number;
  /** Most accounts whose audits were in flight at once (measured, not configured). */
  readonly maxInFlight: number;
  /** organizationReport() over every account's AuditReport: what the aggregation step would say. */
  readonly organizationStatus: AuditStatus;
  readonly organizationSummary: OrganizationSummary;
  readonly realSeconds: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
}

/** The organization audited both ways, each in its own process, side by side. */
export interface OrgBench {
  readonly map: OrgRunResult;
  readonly loop: OrgRunResult;
  /** Real seconds from starting both processes to the later one's result. */
  readonly realSeconds: number;
}
