/** Time kept back, at most, after the last live check starts: in-flight checks, root, log, alerts. */
export const TIME_BUDGET_RESERVE_MS = 90_000;

/**
 * When the audit must stop starting live checks so the function still logs and publishes what it
 * found before Lambda stops it: the reserve, or a fifth of the time left on a short timeout.
 */
export function liveCheckDeadline(remainingMs: number, nowMs: number): Date {
  const reserve = Math.min(TIME_BUDGET_RESERVE_MS, Math.max(0, remainingMs) / 5);
  return new Date(nowMs + Math.max(0, remainingMs - reserve));
}
