import type { ExemptionRejection } from './types';
import { DAY_MS, isoDate } from './time';

/** IAM user tags that exempt a user from the MFA requirement until a date (README, "Exemptions"). */
export const EXEMPT_UNTIL_TAG = 'mfa-audit:exempt-until';
export const EXEMPT_REASON_TAG = 'mfa-audit:exempt-reason';

export const DEFAULT_MAX_EXEMPTION_DAYS = 365;

export type ExemptionVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly until: string; readonly reason: string }
  | { readonly kind: 'rejected'; readonly rejection: ExemptionRejection };

/**
 * An exemption holds through the whole UTC day it names and lapses at 00:00 UTC the next day, so
 * `until = today` is still in force and `until = yesterday` is not. Tag keys match without regard
 * to case (IAM treats keys differing only in case as the same key).
 */
export function evaluateExemption(
  tags: Readonly<Record<string, string>>,
  now: Date,
  maxExemptionDays: number,
): ExemptionVerdict {
  const until = tagValue(tags, EXEMPT_UNTIL_TAG);
  const reason = tagValue(tags, EXEMPT_REASON_TAG)?.trim();
  if (until === undefined) {
    return reason ? { kind: 'rejected', rejection: { why: 'until-missing' } } : { kind: 'none' };
  }
  const lapses = endOfUtcDay(until.trim());
  if (lapses === undefined) {
    return { kind: 'rejected', rejection: { why: 'until-not-a-date', until } };
  }
  if (lapses.getTime() <= now.getTime()) {
    return { kind: 'rejected', rejection: { why: 'expired', until: until.trim() } };
  }
  const maxLapse = endOfUtcDay(isoDate(new Date(now.getTime() + maxExemptionDays * DAY_MS)));
  if (maxLapse && lapses.getTime() > maxLapse.getTime()) {
    return {
      kind: 'rejected',
      rejection: { why: 'too-long', until: until.trim(), maxDays: maxExemptionDays },
    };
  }
  if (!reason) return { kind: 'rejected', rejection: { why: 'reason-missing', until: until.trim() } };
  return { kind: 'valid', until: until.trim(), reason };
}

function tagValue(tags: Readonly<Record<string, string>>, key: string): string | undefined {
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === key) return v;
  return undefined;
}

/** 00:00 UTC on the day after `yyyyMmDd`, or undefined when it is not a real calendar date. */
function endOfUtcDay(yyyyMmDd: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(yyyyMmDd);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = new Date(Date.UTC(y, m - 1, d));
  // Reject dates Date.UTC silently rolls over, such as 2026-02-30.
  if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d)
    return undefined;
  return new Date(start.getTime() + DAY_MS);
}
