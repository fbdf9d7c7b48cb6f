import type { ConsoleMfaKinds } from './scenario';

export type StrategyName = 'ours' | 'per-user' | 'report-only';

/** One benchmark configuration, run in its own process. */
export interface RunConfig {
  readonly strategy: StrategyName;
  readonly users: number;
  readonly violationShare: number;
  /** `stale`: report 2 h old and 1% drift since. `no-report`: IAM builds one during the audit. */
  readonly scenario: 'stale' | 'no-report';
  /**
   * IAM slower than assumed (requests/s, burst the same), with the handler's time budget for a
   * function of this timeout in seconds: what a run that cannot finish in time reports.
   */
  readonly slowIam?: { readonly perSecond: number; readonly lambdaTimeoutSeconds: number };
}

export interface RunResult extends RunConfig {
  /** Violators in the account when audited (the truth). */
  readonly violations: number;
  readonly found: number;
  readonly misses: number;
  readonly falsePositives: number;
  /** Users the checker could not check (ours: report.errors). */
  readonly errors: number;
  /** Misses that are users whose MFA was removed after the report (still credited with MFA by it). */
  readonly missesMfaRemoved: number;
  /** Violators neither flagged nor listed as unchecked: silently dropped (must be 0). */
  readonly unaccounted: number;
  readonly correct: boolean;
  /** Ours: users confirmed live. */
  readonly candidates?: number;
  /** Console users with MFA at audit time, by device kind (U2F/hardware-only ones cost ours a call each). */
  readonly consoleMfaKinds: ConsoleMfaKinds;
  /** Virtual MFA devices assigned at audit time (root included). */
  readonly assignedVirtualDevices: number;
  /** Logical API calls (retries not included). */
  readonly apiCalls: number;
  readonly apiCallsByOperation: Readonly<Record<string, number>>;
  /** Requests that reached IAM, retries included. */
  readonly requests: number;
  readonly throttled: number;
  readonly simulatedSeconds: number;
  readonly realSeconds: number;
  /** User + system CPU of the process during the audit (simulator included). */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** RSS before the audit started (Node, SDK, engine and the simulated account loaded). */
  readonly baselineRssMb: number;
  readonly peakHeapMb: number;
  /** The strategy ours resolved to (`report` or `live`). */
  readonly engineStrategy?: string;
  readonly drift?: Readonly<Record<string, number>>;
}

/** Lines a child run writes to stderr with this prefix are progress, passed on as they come. */
export const PROGRESS_PREFIX = 'progress: ';
