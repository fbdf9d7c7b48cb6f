/**
 * What a Distributed Map's ResultWriter leaves in S3, as plain data (AWS Step Functions Developer
 * Guide, "ResultWriter (Map)"): the state's output carries `ResultWriterDetails: { Bucket, Key }`
 * naming `manifest.json`:
 *   { "DestinationBucket", "MapRunArn",
 *     "ResultFiles": { "FAILED": [{ "Key", "Size" }], "PENDING": [...], "SUCCEEDED": [...] } }
 * Each listed file (FAILED_n.json, ...) holds the child executions of that status as a JSON array
 * (or JSON Lines with `OutputType: JSONL`). A failed child keeps every field whatever the
 * transformation: `Input` (the item, as a JSON string), `Status`, `Error`, `Cause`.
 */
import { failedCall } from './errors';
import type { FailedCall } from './types';

export type MapResultStatus = 'FAILED' | 'PENDING' | 'SUCCEEDED';
const STATUSES: readonly MapResultStatus[] = ['FAILED', 'PENDING', 'SUCCEEDED'];

/** Where the map's results are (the Map state's `ResultWriterDetails`). */
export interface ResultWriterDetails {
  readonly Bucket: string;
  readonly Key: string;
}

export interface MapResultManifest {
  readonly destinationBucket: string;
  readonly mapRunArn?: string;
  /** Result file keys by status. */
  readonly files: Readonly<Record<MapResultStatus, readonly string[]>>;
}

/** Parses manifest.json; throws an Error saying what is wrong with it. */
export function parseManifest(value: unknown): MapResultManifest {
  const m = value as { DestinationBucket?: unknown; MapRunArn?: unknown; ResultFiles?: unknown } | null;
  if (typeof m !== 'object' || m === null) throw new Error('the map manifest is not a JSON object');
  if (typeof m.DestinationBucket !== 'string' || m.DestinationBucket === '') {
    throw new Error('the map manifest names no DestinationBucket');
  }
  const resultFiles = m.ResultFiles as Record<string, unknown> | null | undefined;
  if (typeof resultFiles !== 'object' || resultFiles === null) {
    throw new Error('the map manifest has no ResultFiles');
  }
  const files = Object.fromEntries(
    STATUSES.map((status) => {
      const list = resultFiles[status] === undefined ? [] : resultFiles[status];
      if (!Array.isArray(list)) throw new Error(`the map manifest's ResultFiles.${status} is not a list`);
      return [
        status,
        list.map((f: { Key?: unknown } | null) => {
          if (typeof f?.Key !== 'string' || f.Key === '') {
            throw new Error(`the map manifest lists a ${status} file without a Key`);
          }
          return f.Key;
        }),
      ];
    }),
  ) as Record<MapResultStatus, string[]>;
  return {
    destinationBucket: m.DestinationBucket,
    ...(typeof m.MapRunArn === 'string' ? { mapRunArn: m.MapRunArn } : {}),
    files,
  };
}

/** One child execution as a result file records it. */
export interface MapChildResult {
  readonly status: string;
  /** The item the child was given, parsed. */
  readonly input: unknown;
  readonly error?: string;
  readonly cause?: string;
}

/** Parses one result file: a JSON array, or JSON Lines. Throws on anything else. */
export function parseResultFile(text: string): MapChildResult[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const entries: unknown[] = trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as unknown[])
    : trimmed.split('\n').flatMap((line) => (line.trim() ? [JSON.parse(line) as unknown] : []));
  if (!Array.isArray(entries)) throw new Error('a map result file is not a JSON array');
  return entries.map((entry) => {
    const e = (entry ?? {}) as { Status?: unknown; Input?: unknown; Error?: unknown; Cause?: unknown };
    return {
      status: typeof e.Status === 'string' ? e.Status : 'UNKNOWN',
      input: typeof e.Input === 'string' ? parseJsonOrText(e.Input) : e.Input,
      ...(typeof e.Error === 'string' ? { error: e.Error } : {}),
      ...(typeof e.Cause === 'string' ? { cause: e.Cause } : {}),
    };
  });
}

/** The name of the map state, as a FailedCall's operation: the step that did not audit the account. */
export const MAP_STATE_NAME = 'AuditAccounts';

/**
 * Why the map could not audit an item, for a person: the Lambda error's type and message when the
 * function threw (its Cause is Lambda's `{ errorType, errorMessage, ... }` JSON), else Step
 * Functions' error (States.Timeout, ...) and cause as they are.
 */
export function childFailure(child: MapChildResult): FailedCall {
  const lambdaError = lambdaErrorOf(child.cause);
  const code = lambdaError?.errorType ?? child.error ?? child.status;
  const detail = lambdaError?.errorMessage ?? child.cause;
  const what =
    child.status === 'PENDING'
      ? 'the audit of this account had not run when the map ended'
      : `the audit of this account ended ${child.status}`;
  const message = `${what}: ${[child.error, detail].filter(Boolean).join(': ') || 'no cause given'}`;
  return failedCall(MAP_STATE_NAME, message, { code });
}

function lambdaErrorOf(cause: string | undefined): { errorType?: string; errorMessage?: string } | undefined {
  if (!cause?.trim().startsWith('{')) return undefined;
  const parsed = parseJsonOrText(cause) as { errorType?: unknown; errorMessage?: unknown } | string;
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  return {
    ...(typeof parsed.errorType === 'string' ? { errorType: parsed.errorType } : {}),
    ...(typeof parsed.errorMessage === 'string' ? { errorMessage: parsed.errorMessage } : {}),
  };
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
