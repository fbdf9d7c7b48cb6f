import { EXEMPT_REASON_TAG, EXEMPT_UNTIL_TAG } from './exemption';
import type { ExemptionNotApplied, ExemptionRejection, Violation } from './types';

/** What a violation's `reason` sentence is rendered from. */
export type ViolationFacts = Pick<Violation, 'passwordLastUsed' | 'passwordResetRequired' | 'exemption'>;

/**
 * The `reason` sentence of a violation (AuditReport contract), rendered from its fields. The only
 * place the sentence is written; nothing reads it back: renderers use the fields.
 */
export function violationReason(v: ViolationFacts): string {
  const lastUsed = v.passwordLastUsed
    ? `last used ${v.passwordLastUsed.slice(0, 10)}`
    : 'never used to sign in';
  const reset = v.passwordResetRequired ? ', reset required at next sign-in' : '';
  const rejected = v.exemption ? `; exemption rejected: ${exemptionNotAppliedText(v.exemption)}` : '';
  return `Console password enabled (${lastUsed}${reset}) and no MFA device assigned${rejected}`;
}

/** Why a violator's exemption did not apply, in words. */
export function exemptionNotAppliedText(e: ExemptionNotApplied): string {
  if (e.status === 'unreadable') {
    return (
      'exemption tags could not be read, so no exemption applies ' +
      `(${e.error.operation} failed: ${e.error.message})`
    );
  }
  return exemptionRejectionText(e);
}

/** Why exemption tags were rejected, in words. */
export function exemptionRejectionText(r: ExemptionRejection): string {
  switch (r.why) {
    case 'until-missing':
      return `${EXEMPT_REASON_TAG} is set but ${EXEMPT_UNTIL_TAG} is missing`;
    case 'until-not-a-date':
      return `${EXEMPT_UNTIL_TAG} ${JSON.stringify(r.until)} is not a YYYY-MM-DD date`;
    case 'expired':
      return `exemption expired on ${r.until}`;
    case 'too-long':
      return `exemption until ${r.until} is beyond the maximum exemption length of ${r.maxDays} days`;
    case 'reason-missing':
      return `exemption has no ${EXEMPT_REASON_TAG} tag`;
  }
}
