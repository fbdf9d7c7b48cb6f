import { isMissingObject } from '../aws/report-store';
import { describeFailure, failedCall } from '../core/errors';
import type { MapChildResult, ResultWriterDetails } from '../core/map-results';
import { childFailure, MAP_STATE_NAME, parseManifest, parseResultFile } from '../core/map-results';
import type { AccountAuditReport, OrganizationReport } from '../core/organization';
import { notAuditedReport, organizationReport, withAccount } from '../core/organization';
import type { AccountItem, RunListing } from '../core/organization-run';
import { itemAccount, parseAccountItem, readAccountReport, runKeys } from '../core/organization-run';
import type { JsonObjectStore } from '../core/ports';
import type { FailedCall, Strategy } from '../core/types';
import { mapWithConcurrency } from '../core/util/map-with-concurrency';

/** Account reports read at once: S3 answers in tens of milliseconds, 5,000 reports in seconds. */
const READ_CONCURRENCY = 32;

export interface BuildOrganizationReportInput {
  readonly runId: string;
  /** The map's ResultWriterDetails; absent when the map wrote none (then no failure reasons). */
  readonly resultWriterDetails?: ResultWriterDetails | null;
  /** The Map state failed as a whole: the reason of every account it left without a report. */
  readonly mapError?: { readonly error: string; readonly cause: string };
  /** The strategy the accounts were audited with, for the reports of accounts never audited. */
  readonly strategy: Strategy;
}

export interface BuildOrganizationReportDeps {
  /** The report bucket. */
  readonly store: JsonObjectStore;
  /** The bucket the map wrote its results to (ResultWriterDetails.Bucket). */
  readonly resultsStore: (bucket: string) => JsonObjectStore;
  readonly now?: () => Date;
}

/**
 * The aggregation step's report: every listed account's stored report; an account without one is
 * `failed` (not audited), with the reason the map recorded for its item when there is one. A
 * listing that failed, or a run whose listing cannot be read, is a `failed` organization report.
 * Never throws for what it reads: everything unreadable becomes an error in the report.
 */
export async function buildOrganizationReport(
  input: BuildOrganizationReportInput,
  deps: BuildOrganizationReportDeps,
): Promise<OrganizationReport> {
  const now = (deps.now ?? (() => new Date()))();
  const keys = runKeys(input.runId);
  const run = await readRun(deps.store, keys);
  if ('failure' in run) {
    return organizationReport({
      organizationId: null,
      checkedAt: now,
      accounts: [],
      errors: [{ userName: null, ...run.failure }],
    });
  }
  const { listing, items } = run;
  const checkedAt = validDate(listing.checkedAt) ?? now;
  const notes = [...listing.notes];
  const mapFailures = input.mapError
    ? new Map<string, FailedCall>()
    : await readMapFailures(input.resultWriterDetails, deps, items.length > 0, notes);
  const wholeMapFailure = input.mapError && mapStateFailure(input.mapError);
  if (wholeMapFailure) notes.push(`The organization run's map failed: ${wholeMapFailure.message}.`);
  const accounts = await mapWithConcurrency(items, READ_CONCURRENCY, async (item) =>
    accountReport(
      item,
      deps.store,
      keys.account(item.accountId),
      mapFailures.get(item.accountId) ?? wholeMapFailure,
      {
        checkedAt,
        strategy: input.strategy,
      },
    ),
  );
  return organizationReport({
    organizationId: listing.organizationId,
    checkedAt,
    accounts,
    errors: listing.errors,
    notes,
  });
}

type Run =
  { readonly listing: RunListing; readonly items: readonly AccountItem[] } | { readonly failure: FailedCall };

async function readRun(store: JsonObjectStore, keys: ReturnType<typeof runKeys>): Promise<Run> {
  try {
    const listing = readListing(await store.get(keys.listing));
    const rawItems = await store.get(keys.items);
    if (!Array.isArray(rawItems)) throw new Error(`${keys.items} is not a JSON array`);
    const items = rawItems.map((raw, i) => {
      const item = parseAccountItem(raw);
      if (!item) throw new Error(`${keys.items} item ${i} is not an account item: ${JSON.stringify(raw)}`);
      return item;
    });
    return { listing, items };
  } catch (err) {
    // Without the listing nobody knows which accounts should have been audited: the run failed.
    const failure = describeFailure(err);
    return {
      failure: failedCall(
        failure.operation === 'unknown' ? 'ReadRun' : failure.operation,
        `the organization run's account list could not be read, so no account can be vouched for: ${failure.message}`,
        failure,
      ),
    };
  }
}

function readListing(value: unknown): RunListing {
  const l = value as Partial<RunListing> | null;
  if (
    typeof l !== 'object' ||
    l === null ||
    !Array.isArray(l.notes) ||
    !Array.isArray(l.errors) ||
    typeof l.checkedAt !== 'string' ||
    !(l.organizationId === null || typeof l.organizationId === 'string')
  ) {
    throw new Error(
      `the run's listing is not { organizationId, checkedAt, notes, errors }: ${JSON.stringify(value)}`,
    );
  }
  return l as RunListing;
}

/** Why the map did not audit each item it failed or left pending, by account id. */
async function readMapFailures(
  details: ResultWriterDetails | null | undefined,
  deps: BuildOrganizationReportDeps,
  expected: boolean,
  notes: string[],
): Promise<ReadonlyMap<string, FailedCall>> {
  const failures = new Map<string, FailedCall>();
  if (!details) {
    if (expected)
      notes.push(
        "The map's results were not passed on: accounts without a report are reported without the map's reason.",
      );
    return failures;
  }
  try {
    const manifest = parseManifest(await deps.resultsStore(details.Bucket).get(details.Key));
    const results = deps.resultsStore(manifest.destinationBucket);
    for (const key of [...manifest.files.FAILED, ...manifest.files.PENDING]) {
      for (const child of parseResultFile(await results.getText(key))) {
        const accountId = parseAccountItem(child.input)?.accountId ?? accountIdOf(child);
        if (accountId) failures.set(accountId, childFailure(child));
      }
    }
  } catch (err) {
    notes.push(
      `The map's results (s3://${details.Bucket}/${details.Key}) could not be read ` +
        `(${describeFailure(err).message}): accounts without a report are reported without the map's reason.`,
    );
  }
  return failures;
}

function accountIdOf(child: MapChildResult): string | undefined {
  const id = (child.input as { accountId?: unknown } | null)?.accountId;
  return typeof id === 'string' ? id : undefined;
}

async function accountReport(
  item: AccountItem,
  store: JsonObjectStore,
  key: string,
  mapFailure: FailedCall | undefined,
  at: { readonly checkedAt: Date; readonly strategy: Strategy },
): Promise<AccountAuditReport> {
  const account = itemAccount(item);
  try {
    const report = readAccountReport(await store.get(key), item.accountId);
    return report.accountName === undefined ? withAccount(report, account) : report;
  } catch (err) {
    const failure: FailedCall = isMissingObject(err)
      ? (mapFailure ??
        failedCall(
          MAP_STATE_NAME,
          'no report was stored for this account and the map recorded no failure for it: it was not audited',
        ))
      : withPrefix(describeFailure(err), 'its stored report could not be read');
    return notAuditedReport(account, failure, at.checkedAt, at.strategy);
  }
}

/** Every account the failed map left without a report is not audited, for this reason. */
function mapStateFailure(error: { readonly error: string; readonly cause: string }): FailedCall {
  const cause = error.cause.length > 500 ? `${error.cause.slice(0, 500)}...` : error.cause;
  return failedCall(
    MAP_STATE_NAME,
    `the Distributed Map failed as a whole (${error.error}${cause ? `: ${cause}` : ''}); accounts it did not audit have no report`,
    { code: error.error },
  );
}

function withPrefix(failure: FailedCall, prefix: string): FailedCall {
  return { ...failure, message: `${prefix}: ${failure.message}` };
}

function validDate(text: string): Date | undefined {
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
