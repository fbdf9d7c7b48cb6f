/** What a checker concluded: the users it flags, and how many users it could not check. */
export interface StrategyOutcome {
  readonly flagged: readonly string[];
  readonly errors: number;
  /** Users listed as not checked (ours: report.errors' user names). */
  readonly unchecked?: readonly string[];
  /** Ours: users confirmed live (report.summary.candidates). */
  readonly candidates?: number;
}
