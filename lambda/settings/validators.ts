/**
 * Checks of the settings whose values are strings with a shape (email addresses, Slack ids, time
 * zones). Each returns the value or throws Mismatch (what it must be, and the bad value); the reader
 * of a surface names the setting as that surface spells it. They run at synth (a typo fails
 * `cdk synth`, not a deployment) and wherever else the setting is read.
 */
import { Mismatch } from './value-types';

const invalid = (value: unknown, expected: string): Mismatch => new Mismatch(expected, value);

// Deliberately simpler than RFC 5322: one @, no spaces or list separators, a dotted domain of
// DNS labels. SNS accepts more, but anything outside this is far likelier a typo than a real inbox.
const EMAIL =
  /^[^\s@,;<>()[\]"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function validateEmails(emails: readonly string[]): readonly string[] {
  const seen = new Set<string>();
  for (const email of emails) {
    if (!EMAIL.test(email)) throw invalid(email, 'a list of email addresses (name@example.com)');
    // The same endpoint twice is one SNS subscription claimed by two CloudFormation resources.
    const key = email.toLowerCase();
    if (seen.has(key)) throw invalid(email, 'a list without duplicate addresses');
    seen.add(key);
  }
  return emails;
}

// Patterns of AWS::Chatbot::SlackChannelConfiguration (SlackWorkspaceId, SlackChannelId).
const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID = /^[A-Za-z0-9]{1,255}$/;

export function validateSlackWorkspaceId(id: string): string {
  if (!SLACK_WORKSPACE_ID.test(id)) throw invalid(id, 'a Slack workspace id such as T0123ABCD');
  return id;
}

export function validateSlackChannelId(id: string): string {
  if (!SLACK_CHANNEL_ID.test(id)) throw invalid(id, 'a Slack channel id such as C0456EFGH');
  return id;
}

/**
 * An IANA time zone name, as EventBridge Scheduler's ScheduleExpressionTimezone takes it. Intl
 * knows the zones; the shape check rejects UTC offsets ("+01:00"), which newer Node versions accept
 * but the Scheduler does not.
 */
export function validateTimeZone(zone: string): string {
  const expected = 'an IANA time zone name such as UTC or Europe/Paris';
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) throw invalid(zone, expected);
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw invalid(zone, expected);
  }
  // Intl ignores case, the Scheduler does not: "europe/paris" would pass here and fail at deploy.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    throw invalid(zone, `${expected} (spelt exactly: ${resolved})`);
  }
  return zone;
}

// Organizations' patterns: a root is r- and 4-32 lowercase letters or digits; an OU is ou-, the
// root's 4-32 characters, a dash and 8-32 more.
const ORGANIZATION_ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const ORGANIZATIONAL_UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

export function validateOrganizationalUnitIds(ids: readonly string[]): readonly string[] {
  const expected = 'organization root (r-...) or OU (ou-...) ids';
  for (const id of ids) {
    if (!ORGANIZATION_ROOT_ID.test(id) && !ORGANIZATIONAL_UNIT_ID.test(id)) throw invalid(id, expected);
  }
  if (new Set(ids).size !== ids.length) throw invalid(ids.join(','), `${expected} without duplicates`);
  return ids;
}

// IAM's RoleName: 1-64 of letters, digits and +=,.@_- (no path).
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function validateRoleName(name: string): string {
  if (!ROLE_NAME.test(name)) throw invalid(name, 'an IAM role name (1-64 letters, digits and +=,.@_-)');
  return name;
}
