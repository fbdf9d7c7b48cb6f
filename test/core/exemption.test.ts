import {
  DEFAULT_MAX_EXEMPTION_DAYS,
  EXEMPT_REASON_TAG,
  EXEMPT_UNTIL_TAG,
  evaluateExemption,
} from '../../lambda/core/exemption';
import type { ExemptionVerdict } from '../../lambda/core/exemption';
import { exemptionRejectionText } from '../../lambda/core/reason';
import type { ExemptionRejection } from '../../lambda/core/types';

const NOW = new Date('2026-11-22T12:00:00Z');
const MAX = DEFAULT_MAX_EXEMPTION_DAYS;

function exempt(until: string, reason = 'break-glass account, ticket SEC-42'): Record<string, string> {
  return { [EXEMPT_UNTIL_TAG]: until, [EXEMPT_REASON_TAG]: reason };
}

function verdict(tags: Record<string, string>, now = NOW, max = MAX): ExemptionVerdict {
  return evaluateExemption(tags, now, max);
}

/** The rejection a verdict carries (failing the test when it is not a rejection). */
function rejectionOf(v: ExemptionVerdict): ExemptionRejection {
  if (v.kind !== 'rejected') throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
  return v.rejection;
}

describe('evaluateExemption', () => {
  test('no exemption tags at all => none', () => {
    expect(verdict({})).toEqual({ kind: 'none' });
  });

  test('unrelated tags only => none', () => {
    expect(verdict({ team: 'payments', 'mfa-audit:owner': 'alice' })).toEqual({ kind: 'none' });
  });

  test('a future date and a reason => exempted until that date', () => {
    expect(verdict(exempt('2026-12-31', 'vendor account, ticket SEC-42'))).toEqual({
      kind: 'valid',
      until: '2026-12-31',
      reason: 'vendor account, ticket SEC-42',
    });
  });

  test('the reason is returned without surrounding blanks', () => {
    expect(verdict(exempt('2026-12-31', '  ticket SEC-42 \n'))).toMatchObject({
      kind: 'valid',
      reason: 'ticket SEC-42',
    });
  });

  test('a date with surrounding blanks is read as that date', () => {
    expect(verdict(exempt(' 2026-12-31 '))).toMatchObject({ kind: 'valid', until: '2026-12-31' });
  });

  test('until = today (UTC) is still in force', () => {
    expect(verdict(exempt('2026-11-22'))).toMatchObject({ kind: 'valid', until: '2026-11-22' });
  });

  test('until = yesterday is rejected as expired', () => {
    const r = rejectionOf(verdict(exempt('2026-11-21')));

    expect(r).toEqual({ why: 'expired', until: '2026-11-21' });
    expect(exemptionRejectionText(r)).toMatch(/expired.*2026-11-21/);
  });

  test.each([
    'soon',
    '2026-02-30',
    '2026-1-5',
    '2026-13-01',
    '2026/12/31',
    '31-12-2026',
    '2026-12-31T00:00:00Z',
    '',
  ])('an unparsable date %j is rejected naming the value', (until) => {
    const r = rejectionOf(verdict(exempt(until)));

    expect(r).toEqual({ why: 'until-not-a-date', until });
    expect(exemptionRejectionText(r)).toContain(JSON.stringify(until));
    expect(exemptionRejectionText(r)).toContain(EXEMPT_UNTIL_TAG);
  });

  test('a real leap day parses', () => {
    expect(verdict(exempt('2027-02-28'))).toMatchObject({ kind: 'valid' });
    expect(verdict(exempt('2028-02-29'), new Date('2028-01-10T00:00:00Z'))).toMatchObject({ kind: 'valid' });
  });

  test('exactly maxExemptionDays ahead is valid', () => {
    // 2026-11-22 + 365 days = 2027-11-22.
    expect(verdict(exempt('2027-11-22'))).toMatchObject({ kind: 'valid', until: '2027-11-22' });
  });

  test('one day beyond maxExemptionDays is rejected, naming the maximum', () => {
    const r = rejectionOf(verdict(exempt('2027-11-23')));

    expect(r).toEqual({ why: 'too-long', until: '2027-11-23', maxDays: 365 });
    expect(exemptionRejectionText(r)).toContain('365 days');
  });

  test.each<[number, string, ExemptionVerdict['kind']]>([
    [30, '2026-12-22', 'valid'],
    [30, '2026-12-23', 'rejected'],
    [1, '2026-11-23', 'valid'],
    [1, '2026-11-24', 'rejected'],
  ])('maxExemptionDays %i: until %s => %s', (max, until, kind) => {
    expect(verdict(exempt(until), NOW, max).kind).toBe(kind);
  });

  test('a date without a reason tag is rejected', () => {
    const r = rejectionOf(verdict({ [EXEMPT_UNTIL_TAG]: '2026-12-31' }));

    expect(r).toEqual({ why: 'reason-missing', until: '2026-12-31' });
    expect(exemptionRejectionText(r)).toContain(EXEMPT_REASON_TAG);
  });

  test.each(['', '   ', '\t\n'])('a blank reason %j is rejected', (reason) => {
    expect(verdict(exempt('2026-12-31', reason)).kind).toBe('rejected');
  });

  test('a reason without a date is rejected, naming the missing tag', () => {
    const r = rejectionOf(verdict({ [EXEMPT_REASON_TAG]: 'ticket SEC-42' }));

    expect(r).toEqual({ why: 'until-missing' });
    expect(exemptionRejectionText(r)).toContain(`${EXEMPT_UNTIL_TAG} is missing`);
  });

  test.each([
    ['MFA-Audit:Exempt-Until', 'MFA-Audit:Exempt-Reason'],
    ['MFA-AUDIT:EXEMPT-UNTIL', 'mfa-audit:exempt-reason'],
    ['mfa-audit:exempt-until', 'Mfa-Audit:Exempt-REASON'],
  ])('tag keys match without regard to case (%s, %s)', (untilKey, reasonKey) => {
    expect(verdict({ [untilKey]: '2026-12-31', [reasonKey]: 'ticket SEC-42' })).toEqual({
      kind: 'valid',
      until: '2026-12-31',
      reason: 'ticket SEC-42',
    });
  });

  describe('near midnight UTC', () => {
    test.each<[string, string, ExemptionVerdict['kind']]>([
      ['2026-11-22T23:59:59Z', '2026-11-22', 'valid'],
      ['2026-11-22T23:59:59.999Z', '2026-11-22', 'valid'],
      ['2026-11-23T00:00:00Z', '2026-11-22', 'rejected'],
      ['2026-11-23T00:00:00Z', '2026-11-23', 'valid'],
      ['2026-11-22T00:00:00Z', '2026-11-21', 'rejected'],
      // The maximum counts from the UTC day of `now`.
      ['2026-11-22T23:59:59Z', '2027-11-22', 'valid'],
      ['2026-11-22T23:59:59Z', '2027-11-23', 'rejected'],
      ['2026-11-23T00:00:00Z', '2027-11-23', 'valid'],
      ['2026-11-23T00:00:00Z', '2027-11-24', 'rejected'],
    ])('now %s, until %s => %s', (now, until, kind) => {
      expect(verdict(exempt(until), new Date(now)).kind).toBe(kind);
    });

    test('the result does not depend on the process time zone (dates are UTC days)', () => {
      // 23:30 UTC is already the next day east of UTC; the exemption still holds through the UTC day.
      expect(verdict(exempt('2026-11-22'), new Date('2026-11-22T23:30:00+00:00')).kind).toBe('valid');
      expect(verdict(exempt('2026-11-22'), new Date('2026-11-23T00:30:00+01:00')).kind).toBe('valid');
      expect(verdict(exempt('2026-11-22'), new Date('2026-11-22T19:30:00-05:00')).kind).toBe('rejected');
    });
  });
});
