import { auditAccount } from '../wiring/audit-account';
import { ApiCallCounter } from '../aws/api-call-counter';
import { publishMessage } from '../aws/publish';
import { createSnsClient } from '../aws/sns-client';
import { ConfigError } from '../settings/parse';
import { describeFailure } from '../core/errors';
import { deliverAlerts } from '../alerts/deliver';
import { deliverOrganizationAlerts } from '../alerts/organization/org-deliver';
import type { OutgoingMessage } from '../core/ports';
import { parseCliArgs, USAGE } from './args';
import { describeAccount } from '../core/organization';
import { auditOrganization } from '../wiring/audit-organization';
import type { CliOptions } from './args';
import { EXIT_INCOMPLETE, exitCodeFor, exitCodeForOrganization } from './exit-code';
import { renderOrganizationHuman } from './organization-table';
import { renderHuman } from './table';
import { securityHubLine } from './security-hub-line';
import { enforcementLine } from './enforcement-line';
import type { SecurityHubExport } from '../core/security-hub/export-result';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stderrIsTty: boolean;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTty: process.stderr.isTTY === true,
};

/** Runs the CLI and resolves to its exit code; never calls process.exit (testable). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr(`error: ${err.message}\n\n${USAGE}\n`);
    return EXIT_INCOMPLETE;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }

  if (options.accounts) return auditOrganizationCli({ ...options, accounts: options.accounts }, io);

  const progress = io.stderrIsTty && !options.json;
  const report = await auditAccount(options.settings, {
    users: options.users,
    securityHub: options.securityHub ? { dryRun: options.dryRun } : undefined,
    enforcement: options.enforcement && {
      ...options.enforcement,
      gracePeriodHours: options.settings.gracePeriodHours,
    },
    onProgress: progress
      ? (done, total) => io.stderr(`\rChecking users live: ${done}/${total}${done === total ? '\n' : ''}`)
      : undefined,
  });

  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderHuman(report)}\n`);
  for (const e of report.errors.filter((x) => x.userName === null)) {
    io.stderr(`error: ${e.operation} failed: ${e.message}\n`);
  }
  if (report.scope.kind === 'users' && report.scope.notFound.length > 0) {
    // The user asked for a check that could not be done: say so, and exit 1 (see exitCodeFor).
    io.stderr(`error: no such user: ${report.scope.notFound.join(', ')}\n`);
  }
  if (report.status === 'incomplete') {
    io.stderr(`error: ${report.summary.errors} check(s) failed (user or root); see "errors" in the report\n`);
  }
  if (report.securityHub) io.stderr(securityHubLine(report.securityHub));
  if (report.enforcement) io.stderr(enforcementLine(report.enforcement));

  if (options.topicArn) {
    const topicArn = options.topicArn;
    // The full result, as the deployed function's `always` mode sends it.
    const published = await publishTo(topicArn, options.dryRun, io, (publish) =>
      deliverAlerts(report, {
        notify: 'always',
        digestEveryDays: 0,
        context: { region: topicArn.split(':')[3] },
        publish,
        warn: (message) => io.stderr(`warning: ${message}\n`),
      }),
    );
    if (!published) return EXIT_INCOMPLETE;
  }
  return exitCodeFor(report);
}

/** `--org` / `--accounts`: one report over the accounts, exit code over all of them. */
async function auditOrganizationCli(
  options: CliOptions & { accounts: 'all' | readonly string[] },
  io: CliIo,
) {
  const progress = io.stderrIsTty;
  const report = await auditOrganization(options.settings, {
    accounts: options.accounts,
    securityHub: options.securityHub ? { dryRun: options.dryRun } : undefined,
    roleName: options.memberRoleName,
    accountConcurrency: options.accountConcurrency,
    onAccountDone: progress
      ? (done, total) => io.stderr(`\rAccounts audited: ${done}/${total}${done === total ? '\n' : ''}`)
      : undefined,
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderOrganizationHuman(report)}\n`);
  for (const e of report.errors) io.stderr(`error: ${e.operation} failed: ${e.message}\n`);
  for (const account of report.accounts.filter((a) => a.status !== 'complete')) {
    const why = account.errors.find((e) => e.userName === null) ?? account.errors[0];
    io.stderr(
      `error: account ${describeAccount({ id: account.accountId, name: account.accountName })} ` +
        `${account.status === 'failed' ? 'was not audited' : 'was only partly audited'}` +
        `${why ? `: ${why.operation}: ${why.message}` : ''}\n`,
    );
  }
  for (const account of report.accounts.filter((a) => a.securityHub)) {
    io.stderr(`account ${account.accountId}: ${securityHubLine(account.securityHub as SecurityHubExport)}`);
  }
  if (options.topicArn) {
    const topicArn = options.topicArn;
    const published = await publishTo(topicArn, options.dryRun, io, (publish) =>
      deliverOrganizationAlerts(report, {
        notify: 'always',
        digestEveryDays: 0,
        context: { memberRoleName: options.memberRoleName },
        publish,
        warn: (message) => io.stderr(`warning: ${message}\n`),
      }),
    );
    if (!published) return EXIT_INCOMPLETE;
  }
  return exitCodeForOrganization(report);
}

/**
 * `--topic-arn`: publishes through `deliver` (the function's own delivery path), or says a dry run
 * did not. False when publishing failed (said on stderr): the run then exits 1.
 */
async function publishTo(
  topicArn: string,
  dryRun: boolean,
  io: CliIo,
  deliver: (
    publish: (message: OutgoingMessage) => Promise<string>,
  ) => Promise<{ messageIds: readonly string[] }>,
): Promise<boolean> {
  if (dryRun) {
    io.stderr(`dry run: not publishing to ${topicArn}\n`);
    return true;
  }
  try {
    const sns = createSnsClient(new ApiCallCounter(), topicArn);
    const { messageIds } = await deliver((message) => publishMessage(sns, topicArn, message));
    io.stderr(`published ${messageIds.length} message(s) to ${topicArn}\n`);
    return true;
  } catch (err) {
    const { operation, message } = describeFailure(err);
    io.stderr(`error: ${operation} failed: ${message}\n`);
    return false;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_INCOMPLETE;
    },
  );
}
