import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsCallError } from '../core/errors';
import type { FetchedCredentialReport } from '../core/types';
import { describeAwsError, errorName } from './describe-aws-error';

export interface ReportPolling {
  /** Give up (and fail, or fall back to live checks under `auto`) after this long. */
  readonly maxWaitMs: number;
  /** Delay between the first polls, kept for `steadyPolls` polls, then doubled up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly steadyPolls: number;
  readonly maxDelayMs: number;
  /** Injected so tests do not wait. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * IAM usually builds a report in a few seconds. Polls every 2.5 s at first: a report ready after
 * 5 s costs three GenerateCredentialReport calls and no idle second; slower builds (large accounts)
 * back off to one poll every 10 s so the wait stays cheap in calls.
 */
export const DEFAULT_REPORT_POLLING: ReportPolling = {
  maxWaitMs: 120_000,
  initialDelayMs: 2_500,
  steadyPolls: 3,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

/** Report errors that mean "generate again and wait", not "give up". */
const REGENERATE = new Set(['CredentialReportNotPresentException', 'CredentialReportExpiredException']);
const WAIT = new Set(['CredentialReportNotReadyException', 'LimitExceededException']);

/**
 * Generates (or reuses: IAM returns COMPLETE at once while a report under 4 hours old exists) the
 * credential report and downloads it, polling with bounded exponential backoff.
 *
 * `generatedForThisAudit` is true only when one of this call's GenerateCredentialReport requests
 * answered STARTED: IAM then built the report from the account as it was during this audit. A
 * report that was COMPLETE (or INPROGRESS) at the first request was started by someone else, at a
 * time its GeneratedTime cannot prove (clocks differ, and "seconds ago" is already stale).
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  polling: ReportPolling = DEFAULT_REPORT_POLLING,
  signal?: AbortSignal,
): Promise<FetchedCredentialReport> {
  const deadline = polling.now() + polling.maxWaitMs;
  let delay = polling.initialDelayMs;
  let polls = 0;
  let lastState = 'not requested';
  let started = false;

  for (;;) {
    const state = await generate(iam, signal);
    lastState = state ?? 'rate limited';
    if (state === 'STARTED') started = true;
    if (state === 'COMPLETE') {
      const report = await download(iam, signal);
      if (report) return { ...report, generatedForThisAudit: started };
      lastState = 'COMPLETE, then not downloadable';
    }
    if (polling.now() + delay > deadline) {
      throw new AwsCallError(
        'GenerateCredentialReport',
        `credential report not ready after ${Math.round(polling.maxWaitMs / 1000)} s (last state: ${lastState})`,
      );
    }
    await polling.sleep(delay);
    // Abandoned at the audit's deadline: stop polling rather than spend IAM calls nobody waits for.
    if (signal?.aborted) {
      throw new AwsCallError(
        'GenerateCredentialReport',
        `polling stopped: the audit's deadline passed (last state: ${lastState})`,
      );
    }
    polls += 1;
    if (polls >= polling.steadyPolls) delay = Math.min(delay * 2, polling.maxDelayMs);
  }
}

async function generate(iam: IAMClient, abortSignal: AbortSignal | undefined): Promise<string | undefined> {
  try {
    const out = await iam.send(new GenerateCredentialReportCommand({}), { abortSignal });
    return out.State;
  } catch (err) {
    // Throttled beyond the SDK's own retries: wait with our backoff, within the deadline.
    if (WAIT.has(errorName(err) ?? '')) return undefined;
    throw describeAwsError('iam', 'GenerateCredentialReport', err);
  }
}

async function download(
  iam: IAMClient,
  abortSignal: AbortSignal | undefined,
): Promise<{ csv: string; generatedAt: Date } | undefined> {
  try {
    const out = await iam.send(new GetCredentialReportCommand({}), { abortSignal });
    if (!out.Content || !out.GeneratedTime) {
      throw new AwsCallError(
        'GetCredentialReport',
        'GetCredentialReport returned no content or no GeneratedTime',
      );
    }
    if (out.ReportFormat && out.ReportFormat !== 'text/csv') {
      throw new AwsCallError('GetCredentialReport', `unexpected report format ${String(out.ReportFormat)}`);
    }
    return { csv: new TextDecoder('utf-8').decode(out.Content), generatedAt: out.GeneratedTime };
  } catch (err) {
    const name = errorName(err) ?? '';
    if (REGENERATE.has(name) || WAIT.has(name)) return undefined;
    throw describeAwsError('iam', 'GetCredentialReport', err);
  }
}
