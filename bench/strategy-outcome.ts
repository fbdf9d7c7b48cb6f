/** What a checker concluded: the users it flags, and how many users it could not check. */
export interface StrategyOutcome {
  readonly flagged: readonly string[];
  readonly errors: number;
  /** Ours: users confirmed live (report.summary.candidates). */
  readonly candidates?: number;
}
