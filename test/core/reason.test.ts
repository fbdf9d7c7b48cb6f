import { violationReason } from '../../lambda/core/reason';
import type { ViolationFacts } from '../../lambda/core/reason';

const USED = '2026-05-18T16:40:31.000Z';
const DENIED = {
  operation: 'ListUserTags',
  message: 'AccessDenied: not authorized (needs iam:ListUserTags)',
  code: 'AccessDenied',
  permission: 'iam:ListUserTags',
};

/** Each sentence exactly as judge.ts wrote it before violations carried these fields. */
describe('violationReason renders the reason sentence from the fields', () => {
  test.each<[string, ViolationFacts, string]>([
    [
      'used, nothing else',
      { passwordLastUsed: USED, passwordResetRequired: false },
      'Console password enabled (last used 2026-05-18) and no MFA device assigned',
    ],
    [
      'never used',
      { passwordLastUsed: null, passwordResetRequired: false },
      'Console password enabled (never used to sign in) and no MFA device assigned',
    ],
    [
      'used, reset required',
      { passwordLastUsed: USED, passwordResetRequired: true },
      'Console password enabled (last used 2026-05-18, reset required at next sign-in) and no MFA device assigned',
    ],
    [
      'never used, reset required',
      { passwordLastUsed: null, passwordResetRequired: true },
      'Console password enabled (never used to sign in, reset required at next sign-in) and no MFA device assigned',
    ],
    [
      'exemption expired',
      {
        passwordLastUsed: '2025-12-01T08:15:00.000Z',
        passwordResetRequired: false,
        exemption: { status: 'rejected', why: 'expired', until: '2026-04-30' },
      },
      'Console password enabled (last used 2025-12-01) and no MFA device assigned; ' +
        'exemption rejected: exemption expired on 2026-04-30',
    ],
    [
      'exemption date not a date',
      {
        passwordLastUsed: null,
        passwordResetRequired: false,
        exemption: { status: 'rejected', why: 'until-not-a-date', until: ' soon' },
      },
      'Console password enabled (never used to sign in) and no MFA device assigned; ' +
        'exemption rejected: mfa-audit:exempt-until " soon" is not a YYYY-MM-DD date',
    ],
    [
      'exemption too long',
      {
        passwordLastUsed: null,
        passwordResetRequired: false,
        exemption: { status: 'rejected', why: 'too-long', until: '2028-01-01', maxDays: 365 },
      },
      'Console password enabled (never used to sign in) and no MFA device assigned; ' +
        'exemption rejected: exemption until 2028-01-01 is beyond the maximum exemption length of 365 days',
    ],
    [
      'exemption without a reason tag',
      {
        passwordLastUsed: null,
        passwordResetRequired: false,
        exemption: { status: 'rejected', why: 'reason-missing', until: '2026-12-31' },
      },
      'Console password enabled (never used to sign in) and no MFA device assigned; ' +
        'exemption rejected: exemption has no mfa-audit:exempt-reason tag',
    ],
    [
      'a reason tag without a date',
      {
        passwordLastUsed: null,
        passwordResetRequired: false,
        exemption: { status: 'rejected', why: 'until-missing' },
      },
      'Console password enabled (never used to sign in) and no MFA device assigned; ' +
        'exemption rejected: mfa-audit:exempt-reason is set but mfa-audit:exempt-until is missing',
    ],
    [
      'exemption tags unreadable, reset required',
      {
        passwordLastUsed: USED,
        passwordResetRequired: true,
        exemption: { status: 'unreadable', error: DENIED },
      },
      'Console password enabled (last used 2026-05-18, reset required at next sign-in) and no MFA device ' +
        'assigned; exemption rejected: exemption tags could not be read, so no exemption applies ' +
        '(ListUserTags failed: AccessDenied: not authorized (needs iam:ListUserTags))',
    ],
  ])('%s', (_what, facts, sentence) => {
    expect(violationReason(facts)).toBe(sentence);
  });
});
