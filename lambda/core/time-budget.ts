/**
 * Time kept back, at most, after the audit's hard deadline: for the log and the alerts. Checks still
 * in flight at the deadline are abandoned, so nothing else runs in it.
 */
export const TIME_BUDGET_RESERVE_MS = 90_000;

/** Time kept back, at most, after the alerts' own deadline: for the handler to log and return. */
const DELIVERY_MARGIN_MS = 2_000;

/**
 * The audit's hard deadline, so the function still logs and publishes what it found before Lambda
 * stops it: the reserve, or a fifth of the time left on a short timeout (200 ms of a second).
 */
export function liveCheckDeadline(remainingMs: number, nowMs: number): Date {
  const reserve = Math.min(TIME_BUDGET_RESERVE_MS, Math.max(0, remainingMs) / 5);
  return new Date(nowMs + Math.max(0, remainingMs - reserve));
}

/**
 * When Security Hub calls still waiting are abandoned (their findings become errors): half the
 * audit's reserve after its deadline, so the other half stays for the alerts.
 */
export function exportDeadline(remainingMs: number, nowMs: number): Date {
  const reserve = Math.min(TIME_BUDGET_RESERVE_MS, Math.max(0, remainingMs) / 5);
  return new Date(nowMs + Math.max(0, remainingMs - reserve / 2));
}

/**
 * When alert calls still waiting are abandoned: the margin, or a tenth of the time left on a
 * short timeout, before the function's timeout. Always after the audit's deadline.
 */
export function deliveryDeadline(remainingMs: number, nowMs: number): Date {
  const margin = Math.min(DELIVERY_MARGIN_MS, Math.max(0, remainingMs) / 10);
  return new Date(nowMs + Math.max(0, remainingMs - margin));
}
