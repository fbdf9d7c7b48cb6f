import type { OutgoingMessage } from '../core/ports';
import { publishedBytes } from './message-size';

export interface PackOptions<T> {
  /** Bytes one message may use, measured by `publishedBytes`. */
  readonly budgetBytes: number;
  /** An estimate of the bytes one item adds; the measurement decides. */
  readonly itemBytes: (item: T) => number;
  /** Bytes to expect on top of the empty message once items are in (e.g. a card that grows). */
  readonly reserveBytes?: number;
}

/**
 * Splits `items` into as few messages as fit the budget, keeping order, every item in exactly one
 * message. Estimates pick each cut, the real rendering is measured, and a part that measures over
 * budget is cut shorter until it fits. Parts are rendered with a placeholder total as wide as any
 * real total can be, so the final "part k of n" labels can only make a message shorter; the final
 * messages are measured again all the same.
 */
export function packParts<T>(
  items: readonly T[],
  build: (slice: readonly T[], index: number, total: number) => OutgoingMessage,
  options: PackOptions<T>,
): OutgoingMessage[] {
  const budget = options.budgetBytes;
  const placeholderTotal = Math.max(1, items.length);
  const costs = items.map(options.itemBytes);
  const emptyBytes = publishedBytes(build([], 1, placeholderTotal)) + (options.reserveBytes ?? 0);
  if (emptyBytes > budget) throw new Error(`an alert without findings already needs ${emptyBytes} bytes`);

  const cuts: [number, number][] = [];
  let start = 0;
  do {
    let end = start;
    let estimate = emptyBytes;
    while (end < items.length && estimate + (costs[end] ?? 0) <= budget) estimate += costs[end++] ?? 0;
    if (end === start && start < items.length) end = start + 1;
    for (;;) {
      const bytes = publishedBytes(build(items.slice(start, end), cuts.length + 1, placeholderTotal));
      if (bytes <= budget) break;
      if (end - start <= 1) throw new Error(`one finding alone needs ${bytes} bytes, over ${budget}`);
      // Shrink in proportion to the overshoot, always by at least one item.
      const keep = Math.floor(((end - start) * (budget - emptyBytes)) / Math.max(1, bytes - emptyBytes));
      end = start + Math.max(1, Math.min(end - start - 1, keep));
    }
    cuts.push([start, end]);
    start = end;
  } while (start < items.length);

  const total = cuts.length;
  return cuts.map(([from, to], i) => {
    const msg = build(items.slice(from, to), i + 1, total);
    const bytes = publishedBytes(msg);
    // Cannot happen (see above); checked because a message over the limit would be lost whole.
    if (bytes > budget) throw new Error(`part ${i + 1}/${total} measures ${bytes} bytes, over ${budget}`);
    return msg;
  });
}
