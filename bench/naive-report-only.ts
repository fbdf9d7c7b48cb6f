import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';
import type { StrategyOutcome } from './strategy-outcome';

const POLL_MS = 1000;
const MAX_POLLS = 120;

/**
 * What Prowler's iam_user_mfa_enabled_console_access and Steampipe's iam_user_console_access_mfa_enabled
 * do (README, "Why this one", sources 1 and 2): read the credential report and flag rows with
 * password_enabled=true and mfa_active=false. Nothing is confirmed live, so the answer is as old as
 * the report (IAM returns one up to 4 hours old instead of building a new one).
 */
export async function reportOnlyAudit(iam: IAMClient): Promise<StrategyOutcome> {
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const { Content } = await iam.send(new GetCredentialReportCommand({}));
  const rows: Record<string, string>[] = parse(new TextDecoder().decode(Content), {
    columns: true,
    relax_column_count: true,
  });
  const flagged = rows
    .filter((r) => r.user !== '<root_account>' && r.password_enabled === 'true' && r.mfa_active === 'false')
    .map((r) => r.user ?? '');
  return { flagged, errors: 0 };
}
