/** Small wording helpers shared by the alert renderers. Plain ASCII: mail clients and SNS subjects agree on it. */

/** `2026-05-20T06:00:12.345Z` -> `2026-05-20 06:00 UTC`; anything else is shown as given. */
export function utcMinute(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

/** The date part of an ISO time, or `never` for a password that was never used. */
export function isoDay(iso: string | null): string {
  if (iso === null) return 'never';
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `123456789012 (prod-main)`, `123456789012`, or `unknown account`. */
export function accountLabel(accountId: string | null, alias: string | undefined): string {
  const id = accountId ?? 'unknown account';
  return alias ? `${id} (${alias})` : id;
}

/**
 * Free text from AWS (error messages, notes) is short in practice; the cap guarantees one entry can
 * never outgrow a whole SNS message.
 */
export const MAX_FREE_TEXT = 2000;

export function capText(text: string, max = MAX_FREE_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 14)}... (truncated)`;
}

/** One line: line breaks inside a value would break the layout of a list. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A duration for people: `45 s`, `12 min`, `1.8 h`, `3 days`. */
export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = seconds / 3600;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${Math.round(hours / 24)} days`;
}
