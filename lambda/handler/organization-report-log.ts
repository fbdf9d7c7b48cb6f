import type { OrganizationReport } from '../core/organization';
import type { InfoLogger } from './report-log';
import { logFullReport, VIOLATIONS_PER_LOG_EVENT } from './report-log';

/**
 * Logs the whole organization report as evidence: a header (`organization report`, the report
 * without its accounts, and `chunks`: how many account-list events follow), the account list
 * (`organization report accounts`: one line per account, in chunks), then each account's full
 * report as the single-account function logs it (lambda/handler/report-log.ts). No event nears
 * CloudWatch Logs' limit whatever the organization's size.
 */
export function logOrganizationReport(logger: InfoLogger, report: OrganizationReport): void {
  const { accounts, ...rest } = report;
  const chunks = Math.ceil(accounts.length / VIOLATIONS_PER_LOG_EVENT);
  logger.info('organization report', { report: { ...rest, accounts: [] }, chunks });
  for (let i = 0; i < accounts.length; i += VIOLATIONS_PER_LOG_EVENT) {
    logger.info('organization report accounts', {
      chunk: i / VIOLATIONS_PER_LOG_EVENT + 1,
      of: chunks,
      accounts: accounts.slice(i, i + VIOLATIONS_PER_LOG_EVENT).map((a) => ({
        accountId: a.accountId,
        accountName: a.accountName,
        status: a.status,
        violations: a.summary.violations,
        rootViolation: a.summary.rootViolation,
      })),
    });
  }
  for (const account of accounts) logFullReport(logger, account);
}
