import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { describeOrganizationId, listAccountsUnder } from '../aws/organizations';
import { describeFailure } from '../core/errors';
import type { MemberAccount } from '../core/organization';
import { selectAccounts, withHomeAccount } from '../core/organization';
import type { AccountItem, ListAccountsResult, RunListing } from '../core/organization-run';
import { accountItem, runKeys } from '../core/organization-run';
import type { JsonObjectStore } from '../core/ports';
import type { AuditError } from '../core/types';

export interface ListRunAccountsInput {
  readonly runId: string;
  readonly bucket: string;
  /** The roots (`r-...`) and OUs (`ou-...`) whose accounts, nested OUs included, are audited. */
  readonly parentIds: readonly string[];
  /** The account the auditor runs in: always audited, under the OUs or not (withHomeAccount). */
  readonly homeAccountId?: string;
}

export interface ListRunAccountsDeps {
  readonly organizations: OrganizationsClient;
  /** The report bucket. */
  readonly store: JsonObjectStore;
  readonly abortSignal?: AbortSignal;
  readonly now?: () => Date;
}

/**
 * The first step of the organization run: list the ACTIVE accounts under the target OUs and write
 * the map's items and the listing. A listing that fails is not thrown: its error goes into
 * listing.json beside an empty items.json, so the aggregation reports the run as `failed` and
 * alerts. Only a write to the bucket that fails is thrown (nothing could report the run then).
 */
export async function listRunAccounts(
  input: ListRunAccountsInput,
  deps: ListRunAccountsDeps,
): Promise<ListAccountsResult> {
  const checkedAt = (deps.now ?? (() => new Date()))();
  let organizationId: string | null = null;
  let listed: MemberAccount[] = [];
  const errors: AuditError[] = [];
  try {
    organizationId = await describeOrganizationId(deps.organizations, deps.abortSignal);
    listed = await listAccountsUnder(deps.organizations, input.parentIds, deps.abortSignal);
  } catch (err) {
    listed = [];
    errors.push({ userName: null, ...describeFailure(err) });
  }
  // Only after a listing that worked: a failed one audits nothing, the home account included.
  const home = errors.length === 0 ? withHomeAccount(listed, input.homeAccountId) : { accounts: listed };
  const selection = selectAccounts(home.accounts);
  const items: AccountItem[] = selection.audit.map((a) => accountItem(a, input.runId));
  const notes = [...selection.notes, ...(home.note ? [home.note] : [])];
  if (errors.length === 0 && !listed.some((a) => a.status === 'ACTIVE')) {
    const audited =
      items.length > 0 ? "only this deployment's own account is audited" : 'nothing was audited';
    notes.push(`No ACTIVE account is under ${input.parentIds.join(', ')}: ${audited}.`);
  }
  const listing: RunListing = { organizationId, checkedAt: checkedAt.toISOString(), notes, errors };
  const keys = runKeys(input.runId);
  // The listing first: an items.json without it would be a run the aggregation cannot explain.
  await deps.store.put(keys.listing, listing);
  await deps.store.put(keys.items, items);
  return {
    runId: input.runId,
    bucket: input.bucket,
    itemsKey: keys.items,
    listingKey: keys.listing,
    accounts: items.length,
  };
}
