import { liveCheckDeadline, TIME_BUDGET_RESERVE_MS } from '../../lambda/time-budget';

const NOW = Date.parse('2026-12-02T06:00:00Z');

describe('liveCheckDeadline', () => {
  test('the stack timeout (900 s) keeps 90 s for the last checks, the log and the alerts', () => {
    expect(TIME_BUDGET_RESERVE_MS).toBe(90_000);
    expect(liveCheckDeadline(900_000, NOW)).toEqual(new Date(NOW + 810_000));
  });

  test('a short timeout keeps a fifth of what is left', () => {
    expect(liveCheckDeadline(60_000, NOW)).toEqual(new Date(NOW + 48_000));
  });

  test('no time left (or a negative reading) stops at once', () => {
    expect(liveCheckDeadline(0, NOW)).toEqual(new Date(NOW));
    expect(liveCheckDeadline(-5, NOW)).toEqual(new Date(NOW));
  });
});
