import type { OutgoingMessage } from '../../lambda/core/ports';
import { packParts } from '../../lambda/alerts/alert-parts';
import { publishedBytes } from '../../lambda/alerts/message-size';

/** A message that is just its items, with a label whose width depends on the total. */
function build(slice: readonly string[], index: number, total: number): OutgoingMessage {
  return { subject: `part ${index}/${total}`, message: JSON.stringify(slice) };
}

describe('packParts', () => {
  const items = Array.from({ length: 500 }, (_, i) => `item-${i}-${'é'.repeat(i % 17)}`);

  test.each([
    ['exact estimates', (s: string) => Buffer.byteLength(JSON.stringify(s)) + 1],
    ['estimates far too low (measurement must cut parts shorter)', () => 1],
    ['estimates too high (parts just hold fewer items)', (s: string) => 3 * Buffer.byteLength(s)],
  ])('%s: every item once, in order, every part within budget', (_name, itemBytes) => {
    const messages = packParts(items, build, { budgetBytes: 1000, itemBytes });
    expect(messages.flatMap((m) => JSON.parse(m.message) as string[])).toEqual(items);
    for (const m of messages) expect(publishedBytes(m)).toBeLessThanOrEqual(1000);
    messages.forEach((m, i) => expect(m.subject).toBe(`part ${i + 1}/${messages.length}`));
  });

  test('no items: one message', () => {
    expect(packParts([], build, { budgetBytes: 100, itemBytes: () => 1 })).toEqual([
      { subject: 'part 1/1', message: '[]' },
    ]);
  });

  test('an item that alone exceeds the budget is an error, not a silent drop', () => {
    expect(() => packParts(['x'.repeat(200)], build, { budgetBytes: 100, itemBytes: () => 1 })).toThrow(
      /one finding alone needs \d+ bytes, over 100/,
    );
  });
});
