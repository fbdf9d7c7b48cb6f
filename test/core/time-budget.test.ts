import { deliveryDeadline, liveCheckDeadline } from '../../lambda/core/time-budget';

const NOW = Date.parse('2026-12-02T06:00:00Z');

describe('liveCheckDeadline (the audit stops: no check starts, checks in flight are abandoned)', () => {
  test('the stack timeout (900 s) keeps 90 s for the log and the alerts', () => {
    expect(liveCheckDeadline(900_000, NOW)).toEqual(new Date(NOW + 810_000));
  });

  test('a short timeout keeps a fifth of what is left', () => {
    expect(liveCheckDeadline(60_000, NOW)).toEqual(new Date(NOW + 48_000));
    expect(liveCheckDeadline(500, NOW)).toEqual(new Date(NOW + 400));
  });

  test('no time left (or a negative reading) stops at once', () => {
    expect(liveCheckDeadline(0, NOW)).toEqual(new Date(NOW));
    expect(liveCheckDeadline(-5, NOW)).toEqual(new Date(NOW));
  });
});

describe('deliveryDeadline (alert calls still waiting are abandoned)', () => {
  test('the stack timeout keeps 2 s for the handler to log and return', () => {
    expect(deliveryDeadline(900_000, NOW)).toEqual(new Date(NOW + 898_000));
  });

  test('a short timeout keeps a tenth of what is left', () => {
    expect(deliveryDeadline(500, NOW)).toEqual(new Date(NOW + 450));
    expect(deliveryDeadline(0, NOW)).toEqual(new Date(NOW));
  });

  test.each([0, 500, 60_000, 900_000])('always after the audit deadline (%i ms left)', (remaining) => {
    expect(deliveryDeadline(remaining, NOW).getTime()).toBeGreaterThanOrEqual(
      liveCheckDeadline(remaining, NOW).getTime(),
    );
  });
});
