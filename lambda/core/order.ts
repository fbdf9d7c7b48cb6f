import type { Violation } from './types';

const SEVERITY_RANK = { critical: 0, high: 1 } as const;

/** Most urgent first: severity, then the most recent console sign-in, then name for stability. */
export function byUrgency(a: Violation, b: Violation): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (b.passwordLastUsed ?? '').localeCompare(a.passwordLastUsed ?? '') ||
    a.userName.localeCompare(b.userName)
  );
}
