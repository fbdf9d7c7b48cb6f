import { resolveStrategy } from '../../lambda/core/strategy';
import type { Strategy } from '../../lambda/core/types';

describe('resolveStrategy', () => {
  test.each<[Strategy, number, number, 'report' | 'live']>([
    ['auto', 0, 100, 'live'],
    ['auto', 99, 100, 'live'],
    ['auto', 100, 100, 'live'],
    ['auto', 101, 100, 'report'],
    ['auto', 5000, 100, 'report'],
    ['auto', 0, 0, 'live'],
    ['auto', 1, 0, 'report'],
    ['live', 5000, 100, 'live'],
    ['live', 0, 0, 'live'],
    ['report', 1, 100, 'report'],
    ['report', 0, 100, 'report'],
  ])('%s with %i users and threshold %i => %s', (requested, users, threshold, expected) => {
    expect(resolveStrategy(requested, users, threshold)).toBe(expected);
  });
});
