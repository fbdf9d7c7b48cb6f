import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import type { AlertItem } from '../alert-items';
import { alertItems } from '../alert-items';
import { capText } from '../text';
import type { OrganizationAlertContext } from './org-context';
import { listingOf } from './org-context';

/**
 * One entry of an organization alert. Parts are cut between entries, never inside one, so every
 * user (and every not-audited account, root user and note) is in exactly one part.
 */
export type OrgAlertItem =
  /** An account that was not audited at all (`status: 'failed'`): its report whole. */
  | {
      readonly kind: 'not-audited';
      readonly account: AccountAuditReport;
      /** `changes` mode: findings open at the account's last audit, kept open because nobody looked. */
      readonly stillOpen?: number;
    }
  /** An account's root user: without MFA, or (`changes` mode) its MFA verdict changed. */
  | {
      readonly kind: 'root';
      readonly account: AccountAuditReport;
      /** new / still open / resolved since the last run; undefined without `changes` state. */
      readonly change?: 'new' | 'open' | 'resolved';
    }
  /** One entry of an audited account (a user without MFA, an unchecked user, ...), as a single-account alert has it. */
  | {
      readonly kind: 'entry';
      readonly account: AccountAuditReport;
      readonly item: AlertItem;
      /** The account's first entry in the whole alert (a part that starts later says "continued"). */
      readonly first: boolean;
    }
  /** An organization-level note (accounts skipped because suspended, ...). */
  | { readonly kind: 'org-note'; readonly note: string };

export interface OrgAlertPart {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
  readonly items: readonly OrgAlertItem[];
}

/**
 * The alert's entries in the order they are packed: accounts not audited first (the reader must
 * not take them for compliant), then root users without MFA (one password away from the whole
 * account), then every audited account with something to show, most users without MFA first, each
 * with its users most urgent first, then the organization's notes. An account with nothing to show
 * gets no entry: the counts at the top say how many accounts were audited completely and are clear.
 */
export function organizationItems(report: OrganizationReport, ctx: OrganizationAlertContext): OrgAlertItem[] {
  const failed = report.accounts.filter((a) => a.status === 'failed').sort(byName);
  const audited = report.accounts.filter((a) => a.status !== 'failed').sort(byUrgency);
  return [
    ...failed.map((account): OrgAlertItem => {
      const unknown = listingOf(ctx, account.accountId).changes?.unknown.length;
      return { kind: 'not-audited', account, ...(unknown ? { stillOpen: unknown } : {}) };
    }),
    ...audited.flatMap((account) => rootItems(account, ctx)),
    ...audited.flatMap((account) => entryItems(account, ctx)),
    ...report.notes.map((note): OrgAlertItem => ({ kind: 'org-note', note: capText(note) })),
  ];
}

function rootItems(account: AccountAuditReport, ctx: OrganizationAlertContext): OrgAlertItem[] {
  const { changes, listing } = listingOf(ctx, account.accountId);
  const changed = changes?.rootChanged ?? false;
  if (account.root?.violation) {
    if (listing === 'changes' && !changed) return [];
    return [{ kind: 'root', account, ...(changes ? { change: changed ? 'new' : 'open' } : {}) }];
  }
  return account.root && changed ? [{ kind: 'root', account, change: 'resolved' }] : [];
}

/**
 * A full listing has every entry of the account's single-account alert; a `changes` listing only
 * new users without MFA (numbered among themselves), unchecked users (never quiet about them: they
 * are not known to be compliant) and resolved findings.
 */
function entryItems(account: AccountAuditReport, ctx: OrganizationAlertContext): OrgAlertItem[] {
  const { changes, listing } = listingOf(ctx, account.accountId);
  const all = alertItems(account, changes);
  let ordinal = 0;
  const shown =
    listing === 'full'
      ? all
      : all.flatMap((item): AlertItem[] => {
          if (item.kind === 'violation') return item.isNew ? [{ ...item, ordinal: ++ordinal }] : [];
          return item.kind === 'error' || item.kind === 'resolved' ? [item] : [];
        });
  return shown.map((item, i): OrgAlertItem => ({ kind: 'entry', account, item, first: i === 0 }));
}

/** Most users without MFA first; then a root user without MFA, then most unchecked users; then by name. */
function byUrgency(a: AccountAuditReport, b: AccountAuditReport): number {
  return (
    b.summary.violations - a.summary.violations ||
    Number(b.summary.rootViolation) - Number(a.summary.rootViolation) ||
    b.summary.errors - a.summary.errors ||
    byName(a, b)
  );
}

function byName(a: AccountAuditReport, b: AccountAuditReport): number {
  const x = `${a.accountName ?? ''}\u0000${a.accountId}`;
  const y = `${b.accountName ?? ''}\u0000${b.accountId}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `prod-main (111111111111)`, or the id alone when the name is not known. */
export function accountName(account: AccountAuditReport): string {
  return account.accountName ? `${account.accountName} (${account.accountId})` : account.accountId;
}

/** An account's entries in a part, in order, each account once (its entries are contiguous). */
export function entriesByAccount(
  items: readonly OrgAlertItem[],
): { readonly account: AccountAuditReport; readonly first: boolean; readonly items: AlertItem[] }[] {
  const groups: { account: AccountAuditReport; first: boolean; items: AlertItem[] }[] = [];
  for (const i of items) {
    if (i.kind !== 'entry') continue;
    const last = groups[groups.length - 1];
    if (last && last.account === i.account) last.items.push(i.item);
    else groups.push({ account: i.account, first: i.first, items: [i.item] });
  }
  return groups;
}

/** The items of one kind, typed. */
export function orgItemsOf<K extends OrgAlertItem['kind']>(
  items: readonly OrgAlertItem[],
  kind: K,
): Extract<OrgAlertItem, { kind: K }>[] {
  return items.filter((i): i is Extract<OrgAlertItem, { kind: K }> => i.kind === kind);
}
