import { IamFault } from './iam-fault';

export interface Page<T> {
  readonly items: readonly T[];
  /** Set only when IsTruncated. */
  readonly marker: string | undefined;
}

/**
 * One page of `items`, honouring MaxItems (1..1000, as IAM validates it) up to `cap` (IAM may
 * return fewer than asked). Markers are opaque to clients; here they hold the next offset.
 */
export function paginate<T>(
  items: readonly T[],
  params: URLSearchParams,
  defaultMax: number,
  cap: number,
): Page<T> {
  const max = Math.min(maxItems(params, defaultMax), cap);
  const start = offsetOf(params.get('Marker'));
  const end = Math.min(items.length, start + max);
  return { items: items.slice(start, end), marker: end < items.length ? encodeMarker(end) : undefined };
}

function maxItems(params: URLSearchParams, defaultMax: number): number {
  const raw = params.get('MaxItems');
  if (raw === null) return defaultMax;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new IamFault(
      'ValidationError',
      400,
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: ` +
        'Member must have value between 1 and 1000',
    );
  }
  return n;
}

function encodeMarker(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function offsetOf(marker: string | null): number {
  if (marker === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!match) throw new IamFault('InvalidInput', 400, 'Invalid Marker.');
  return Number(match[1]);
}
