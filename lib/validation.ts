/**
 * Synth-time checks shared by the context parser (which names context keys) and the construct
 * (which names its props). Each throws an Error whose message names the setting and the bad value,
 * so a typo fails `cdk synth` instead of a deployment or, worse, a silent schedule that never runs.
 */

/** Thrown for any invalid setting; the message names the setting and the value. */
export class InvalidSettingError extends Error {
  override readonly name = 'InvalidSettingError';
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

export function invalid(name: string, value: unknown, expected: string): InvalidSettingError {
  return new InvalidSettingError(`${name} must be ${expected}; got ${show(value)}`);
}

// Deliberately simpler than RFC 5322: one @, no spaces or list separators, a dotted domain of
// DNS labels. SNS accepts more, but anything outside this is far likelier a typo than a real inbox.
const EMAIL =
  /^[^\s@,;<>()[\]"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function validateEmails(name: string, emails: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const email of emails) {
    if (!EMAIL.test(email)) throw invalid(name, email, 'a list of email addresses (name@example.com)');
    // The same endpoint twice is one SNS subscription claimed by two CloudFormation resources.
    const key = email.toLowerCase();
    if (seen.has(key)) throw invalid(name, email, 'a list without duplicate addresses');
    seen.add(key);
  }
  return emails;
}

// Patterns of AWS::Chatbot::SlackChannelConfiguration (SlackWorkspaceId, SlackChannelId).
const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;

export function validateSlackWorkspaceId(name: string, id: string): string {
  if (!SLACK_WORKSPACE_ID.test(id)) throw invalid(name, id, 'a Slack workspace id such as T0123ABCD');
  return id;
}

export function validateSlackChannelId(name: string, id: string): string {
  if (!SLACK_CHANNEL_ID.test(id)) throw invalid(name, id, 'a Slack channel id such as C0456EFGH');
  return id;
}

/**
 * An IANA time zone name, as EventBridge Scheduler's ScheduleExpressionTimezone takes it. Intl
 * knows the zones; the shape check rejects UTC offsets ("+01:00"), which newer Node versions accept
 * but the Scheduler does not.
 */
export function validateTimeZone(name: string, zone: string): string {
  const expected = 'an IANA time zone name such as UTC or Europe/Paris';
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) throw invalid(name, zone, expected);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw invalid(name, zone, expected);
  }
  // Intl ignores case, the Scheduler does not: "europe/paris" would pass here and fail at deploy.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    throw invalid(name, zone, `${expected} (spelt exactly: ${resolved})`);
  }
  return zone;
}

export function validateIntegerInRange(
  name: string,
  value: number,
  bounds: readonly [number, number],
): number {
  const [min, max] = bounds;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(name, value, `a whole number from ${min} to ${max}`);
  }
  return value;
}

export function validateOneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw invalid(name, value, `one of ${allowed.join(', ')}`);
  return value as T;
}
