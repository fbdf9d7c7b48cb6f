import type { AccountAuditReport } from '../../core/organization';
import type { AuditError } from '../../core/types';
import { capText, oneLine } from '../text';

/**
 * Why an account was not audited, in one phrase that names what to fix: the member role (missing,
 * or not trusting the auditor), or the permission that was denied. Read from the error's fields,
 * never from its message.
 */
export function notAuditedReason(account: AccountAuditReport, roleName: string | undefined): string {
  const error = account.errors[0];
  if (!error) return 'the audit did not run (no error was recorded)';
  const role = roleName ? `role ${roleName}` : 'the member role';
  if (error.operation === 'AssumeRole') {
    const denied =
      error.permission !== undefined || error.code === 'AccessDenied' || error.code === undefined;
    return denied
      ? `${role} could not be assumed (needs sts:AssumeRole / trust)`
      : `${role} could not be assumed (${error.code})`;
  }
  if (error.permission) return `${error.operation} was denied (needs ${error.permission})`;
  return `${error.operation} failed${error.code ? ` (${error.code})` : ''}`;
}

/** What to do about a kind of failure, said once however many accounts it hit. */
export function notAuditedHint(account: AccountAuditReport): string | undefined {
  const error = account.errors[0];
  if (error?.operation === 'AssumeRole') {
    return (
      'Role not assumable: the StackSet deploys it into every account under the target OUs; check that ' +
      "it reached these accounts, that it trusts the auditor's role, and that no SCP denies sts:AssumeRole."
    );
  }
  if (error?.permission) {
    return 'Permission denied: the member role needs it; also check SCPs and permission boundaries there.';
  }
  return undefined;
}

/** `AssumeRole: arn:...: AccessDenied: ...`, one line, capped. */
export function errorLine(error: AuditError, max = 600): string {
  return `${error.operation}: ${oneLine(capText(error.message, max))}`;
}
