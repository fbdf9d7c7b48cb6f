/**
 * What `notify: changes` remembers between runs: the open findings and when the last full list went
 * out. Plain JSON, versioned, and compact: 5,000 open findings must fit one DynamoDB item (400 KB)
 * with room to spare, so an ARN is stored as its "directory" (the ARN up to the user name, shared by
 * every user on the same path) plus the user name, grouped by the run that first saw it.
 */

export interface AlertState {
  readonly version: 1;
  /**
   * Open findings: `{ [firstSeen ISO time]: { [ARN up to and including the last '/']: userName[] } }`.
   * The full ARN is key + name (IAM user names never contain '/').
   */
  readonly open: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** When the last alert that listed every open finding was published; null before the first. */
  readonly lastDigestAt: string | null;
  /** The root user's MFA verdict at the last run that could check it; null when never checked. */
  readonly rootViolation: boolean | null;
  /**
   * The `checkedAt` of the latest audit (whole account or re-check) this state has taken in.
   * Absent in states written before it existed. An organization run whose account report is older
   * than this must not compare against the state (alert-changes of org-changes.ts): a re-check
   * learned something after that report was made.
   */
  readonly checkedAt?: string;
}

export interface OpenFinding {
  readonly arn: string;
  readonly userName: string;
  /** The `checkedAt` of the first audit that reported it. */
  readonly firstSeen: string;
}

export function emptyAlertState(): AlertState {
  return { version: 1, open: {}, lastDigestAt: null, rootViolation: null };
}

/** The open findings of a state, by ARN. */
export function openFindings(state: AlertState): Map<string, OpenFinding> {
  const byArn = new Map<string, OpenFinding>();
  for (const [firstSeen, dirs] of Object.entries(state.open)) {
    for (const [dir, names] of Object.entries(dirs)) {
      for (const userName of names) {
        const arn = dir + userName;
        const known = byArn.get(arn);
        // A finding stored twice (hand-edited state) keeps its earliest sighting.
        if (!known || firstSeen < known.firstSeen) byArn.set(arn, { arn, userName, firstSeen });
      }
    }
  }
  return byArn;
}

export function encodeAlertState(
  findings: Iterable<OpenFinding>,
  lastDigestAt: string | null,
  rootViolation: boolean | null,
  checkedAt?: string,
): AlertState {
  const open: Record<string, Record<string, string[]>> = {};
  for (const f of findings) {
    const cut = f.arn.lastIndexOf('/') + 1;
    const dir = f.arn.slice(0, cut);
    const name = f.arn.slice(cut);
    const group = (open[f.firstSeen] ??= {});
    (group[dir] ??= []).push(name);
  }
  return { version: 1, open, lastDigestAt, rootViolation, ...(checkedAt === undefined ? {} : { checkedAt }) };
}

/**
 * Reads what the state store returned. Nothing stored (first run) is the empty state. A state this
 * code cannot read is also replaced by the empty state, with `problem` saying why: every open
 * finding is then announced again once, which is noisy but never silent.
 */
export function readAlertState(raw: unknown): { readonly state: AlertState; readonly problem?: string } {
  if (raw === undefined || raw === null) return { state: emptyAlertState() };
  const problem = whyInvalid(raw);
  return problem === undefined
    ? { state: raw as AlertState }
    : { state: emptyAlertState(), problem: `stored alert state ignored: ${problem}` };
}

function whyInvalid(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'not an object';
  if (raw.version !== 1) return `unknown version ${JSON.stringify(raw.version)}`;
  if (!(raw.lastDigestAt === null || isIsoTime(raw.lastDigestAt))) return 'lastDigestAt is not a time';
  if (!(raw.rootViolation === null || typeof raw.rootViolation === 'boolean'))
    return 'rootViolation is not a boolean';
  if (!(raw.checkedAt === undefined || isIsoTime(raw.checkedAt))) return 'checkedAt is not a time';
  if (!isRecord(raw.open)) return 'open is not an object';
  for (const [firstSeen, dirs] of Object.entries(raw.open)) {
    if (!isIsoTime(firstSeen)) return `open has a key that is not a time: ${JSON.stringify(firstSeen)}`;
    if (!isRecord(dirs)) return `open[${firstSeen}] is not an object`;
    for (const [dir, names] of Object.entries(dirs)) {
      if (!dir.startsWith('arn:') || !dir.endsWith('/')) return `not an ARN prefix: ${JSON.stringify(dir)}`;
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== '' && !n.includes('/')))
        return `open[${firstSeen}][${dir}] is not a list of user names`;
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}
