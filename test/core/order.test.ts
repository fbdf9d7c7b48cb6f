import { byUrgency } from '../../lambda/core/order';
import type { Severity, Violation } from '../../lambda/core/types';

function violation(userName: string, severity: Severity, passwordLastUsed: string | null): Violation {
  return {
    userName,
    arn: `arn:aws:iam::123456789012:user/${userName}`,
    createDate: '2025-01-01T00:00:00.000Z',
    passwordLastUsed,
    passwordResetRequired: false,
    severity,
    reason: 'Console password enabled and no MFA device assigned',
  };
}

const names = (vs: readonly Violation[]): string[] => vs.map((v) => v.userName);

describe('byUrgency', () => {
  test('critical comes before high, whatever the sign-in dates and names', () => {
    const sorted = [
      violation('a-high', 'high', '2026-11-21T00:00:00.000Z'),
      violation('z-critical', 'critical', '2026-01-01T00:00:00.000Z'),
    ].sort(byUrgency);

    expect(names(sorted)).toEqual(['z-critical', 'a-high']);
  });

  test('within a severity, the most recent sign-in comes first', () => {
    const sorted = [
      violation('older', 'critical', '2026-10-01T00:00:00.000Z'),
      violation('newest', 'critical', '2026-11-21T00:00:00.000Z'),
      violation('middle', 'critical', '2026-11-01T00:00:00.000Z'),
    ].sort(byUrgency);

    expect(names(sorted)).toEqual(['newest', 'middle', 'older']);
  });

  test('a password never used comes after any sign-in of the same severity', () => {
    const sorted = [
      violation('never', 'high', null),
      violation('once', 'high', '2020-01-01T00:00:00.000Z'),
    ].sort(byUrgency);

    expect(names(sorted)).toEqual(['once', 'never']);
  });

  test('ties are broken by user name', () => {
    const sorted = [
      violation('carol', 'high', null),
      violation('alice', 'high', null),
      violation('bob', 'high', null),
    ].sort(byUrgency);

    expect(names(sorted)).toEqual(['alice', 'bob', 'carol']);
  });

  test('sorts a mixed list by severity, then sign-in, then name', () => {
    const sorted = [
      violation('h-never', 'high', null),
      violation('c-old', 'critical', '2026-09-01T00:00:00.000Z'),
      violation('h-recent', 'high', '2026-11-01T00:00:00.000Z'),
      violation('c-recent-b', 'critical', '2026-11-20T00:00:00.000Z'),
      violation('c-recent-a', 'critical', '2026-11-20T00:00:00.000Z'),
    ].sort(byUrgency);

    expect(names(sorted)).toEqual(['c-recent-a', 'c-recent-b', 'c-old', 'h-recent', 'h-never']);
  });
});
