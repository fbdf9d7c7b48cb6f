import type {
  AwsSecurityFinding,
  BatchImportFindingsCommandOutput,
  ImportFindingsError,
  Partition,
} from '@aws-sdk/client-securityhub';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { describeFailure } from '../core/errors';
import type { AsffFinding } from '../core/security-hub/asff';
import type { ExistingFinding } from '../core/security-hub/sync-plan';
import type { FailedCall } from '../core/types';
import type { ApiCallCounter } from './api-call-counter';
import { describeAwsError } from './describe-aws-error';
import { forEachNextTokenPage } from './paginate';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/** BatchImportFindings takes at most 100 findings a call. */
export const IMPORT_BATCH = 100;
/** GetFindings returns at most 100 a page. */
const FINDINGS_PAGE = 100;
/** Findings rejected for a transient reason are sent again this many times, after a pause. */
const REJECTED_RETRIES = 2;
const REJECTED_BACKOFF_MS = 1_000;
/** Per-finding error codes that say "try again", not "this finding is wrong". */
const TRANSIENT_CODES =
  /Throttl|TooManyRequests|LimitExceeded|InternalError|InternalException|ServiceUnavailable/i;

/**
 * The Security Hub client in the audit's region (Security Hub is regional: findings go to the hub of
 * the region the audit runs in): `region` when given, else the SDK's own resolution (AWS_REGION, the
 * profile's region), never a guess: a client with no region fails, and the export says so, rather
 * than writing to a hub nobody reads. `credentials` audits another account through its member role.
 */
export function createSecurityHubClient(
  counter: ApiCallCounter,
  options: { readonly region?: string; readonly credentials?: AwsCredentialIdentityProvider } = {},
): SecurityHubClient {
  const client = new SecurityHubClient({
    ...(options.region ? { region: options.region } : {}),
    // Throttling (BatchImportFindings allows 10 requests/s) is retried with the SDK's backoff.
    maxAttempts: 5,
    requestHandler: requestHandlerOptions(),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  return counter.attach(retryUnreadableResponses(client));
}

export interface OpenFindingsQuery {
  readonly generatorId: string;
  readonly accountId: string;
  readonly productArn: string;
}

/**
 * This product's ACTIVE findings for one account, every page. Hands each page to `onPage` as it
 * arrives, so a listing that fails half-way still tells the caller what it read. Throws an
 * AwsCallError naming GetFindings (and `securityhub:GetFindings` when denied).
 */
export async function readOpenFindings(
  client: SecurityHubClient,
  query: OpenFindingsQuery,
  onPage: (findings: readonly ExistingFinding[]) => void,
  abortSignal?: AbortSignal,
): Promise<void> {
  const equals = (value: string) => [{ Value: value, Comparison: 'EQUALS' as const }];
  try {
    await forEachNextTokenPage(
      'GetFindings',
      (token) =>
        client.send(
          new GetFindingsCommand({
            Filters: {
              GeneratorId: equals(query.generatorId),
              AwsAccountId: equals(query.accountId),
              ProductArn: equals(query.productArn),
              RecordState: equals('ACTIVE'),
            },
            MaxResults: FINDINGS_PAGE,
            NextToken: token,
          }),
          { abortSignal },
        ),
      (page) => onPage((page.Findings ?? []).flatMap(existingFinding)),
    );
  } catch (err) {
    throw describeAwsError('securityhub', 'GetFindings', err);
  }
}

function existingFinding(f: AwsSecurityFinding): ExistingFinding[] {
  return f.Id ? [f as ExistingFinding] : [];
}

/** A finding Security Hub did not take, and why. */
export interface RejectedFinding extends FailedCall {
  readonly findingId: string;
}

/**
 * Imports findings 100 a call. Returns the ids Security Hub took and those it did not: a call that
 * failed (after the SDK's retries) rejects every finding in it with the call's error; findings
 * rejected for a transient reason are sent again twice before they count as rejected.
 */
export async function importFindings(
  client: SecurityHubClient,
  findings: readonly AsffFinding[],
  options: { readonly abortSignal?: AbortSignal; readonly sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ readonly imported: readonly string[]; readonly rejected: readonly RejectedFinding[] }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const imported: string[] = [];
  const rejected: RejectedFinding[] = [];
  for (let i = 0; i < findings.length; i += IMPORT_BATCH) {
    let batch = findings.slice(i, i + IMPORT_BATCH);
    for (let attempt = 0; batch.length > 0; attempt += 1) {
      let failed: readonly ImportFindingsError[];
      let out: BatchImportFindingsCommandOutput;
      try {
        out = await client.send(new BatchImportFindingsCommand({ Findings: batch.map(toSdk) }), {
          abortSignal: options.abortSignal,
        });
        failed = out.FailedFindings ?? [];
      } catch (err) {
        const e = describeFailure(describeAwsError('securityhub', 'BatchImportFindings', err));
        for (const f of batch) rejected.push({ findingId: f.Id, ...e });
        break;
      }
      const failedIds = new Map(failed.map((x) => [x.Id, x]));
      if (!accountsFor(out, batch.length, failed.length)) {
        // Counts that do not add up: which findings were taken is unknown, so none is claimed.
        for (const f of batch.filter((g) => !failedIds.has(g.Id))) rejected.push(unaccounted(f.Id, out));
      } else imported.push(...batch.filter((f) => !failedIds.has(f.Id)).map((f) => f.Id));
      const retry =
        attempt < REJECTED_RETRIES ? failed.filter((x) => TRANSIENT_CODES.test(x.ErrorCode ?? '')) : [];
      for (const x of failed.filter((y) => !retry.includes(y))) rejected.push(rejectedFinding(x));
      // A rejection naming an id we did not send cannot be matched: it is still said, never dropped.
      batch = batch.filter((f) => retry.some((x) => x.Id === f.Id));
      if (batch.length > 0) await sleep(REJECTED_BACKOFF_MS * 2 ** attempt);
    }
  }
  return { imported, rejected };
}

/** Security Hub's counts agree with the findings sent and the failures it named. */
function accountsFor(out: BatchImportFindingsCommandOutput, sent: number, named: number): boolean {
  const failedCount = out.FailedCount ?? named;
  const successCount = out.SuccessCount ?? sent - named;
  return failedCount === named && successCount + failedCount === sent;
}

function unaccounted(findingId: string, out: BatchImportFindingsCommandOutput): RejectedFinding {
  return {
    findingId,
    operation: 'BatchImportFindings',
    message:
      `Security Hub's answer does not say whether it took this finding (SuccessCount ${String(out.SuccessCount)}, ` +
      `FailedCount ${String(out.FailedCount)}, ${out.FailedFindings?.length ?? 0} named as failed)`,
  };
}

function rejectedFinding(x: ImportFindingsError): RejectedFinding {
  const code = x.ErrorCode ?? 'Unknown';
  return {
    findingId: x.Id ?? '(no id)',
    operation: 'BatchImportFindings',
    code,
    message: `Security Hub rejected the finding: ${code}: ${x.ErrorMessage ?? 'no message'}`,
  };
}

/** The SDK's input type has mutable arrays; ours are readonly. Copies, so the shapes are checked. */
function toSdk(f: AsffFinding): AwsSecurityFinding {
  return {
    ...f,
    Types: [...f.Types],
    // The partition comes from the audited account's ARNs; Security Hub rejects one it does not know.
    Resources: f.Resources.map((r) => ({ ...r, Partition: r.Partition as Partition })),
    Compliance: { ...f.Compliance, RelatedRequirements: [...f.Compliance.RelatedRequirements] },
    FindingProviderFields: { ...f.FindingProviderFields, Types: [...f.FindingProviderFields.Types] },
    ProductFields: { ...f.ProductFields },
  };
}
