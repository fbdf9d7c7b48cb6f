import { parseArgs } from 'node:util';
import { ACCOUNT_ID_RULE, isAccountId } from '../core/organization';
import { IAM_USER_NAME_RULE, isIamUserName } from '../core/user-name';
import { ConfigError, namesOn, readSurface, surfaceName } from '../settings/parse';
import type { AuditSettings, Setting } from '../settings/table';
import { ENGINE_SETTINGS, SETTINGS } from '../settings/table';

export interface CliOptions {
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly topicArn?: string;
  readonly users?: readonly string[];
  /**
   * Organization mode: `all` (every ACTIVE account, `--org`) or the ids of `--accounts`; absent
   * for the caller's account only.
   */
  readonly accounts?: 'all' | readonly string[];
  readonly memberRoleName: string;
  readonly accountConcurrency: number;
  /** Import the findings into the audited account's Security Hub (`--security-hub`). */
  readonly securityHub: boolean;
  /**
   * `--enforce preview|on` with its days and policy; absent when off. `--dry-run` turns `on` into
   * `preview`: a dry run changes nothing.
   */
  readonly enforcement?: {
    readonly mode: 'preview' | 'on';
    readonly enforceAfterDays: number;
    readonly policyArn?: string;
  };
  readonly settings: AuditSettings;
  readonly help: boolean;
}

/** The flags of lambda/settings/table.ts, in its order, with their defaults. */
function settingLines(): string[] {
  return namesOn('cli').map((k) => {
    const s: Setting<unknown> = SETTINGS[k];
    const flag = [surfaceName(k, 'cli'), s.cliArg].filter(Boolean).join(' ');
    const shown = s.type.flag || s.default === undefined ? '' : ` (default ${s.type.toText(s.default)})`;
    return `  ${flag.padEnd(25)}${s.cliHelp ?? s.doc}${shown}`;
  });
}

export const USAGE = `Usage: npm run audit -- [options]

Finds every IAM user who can sign in to the AWS console with a password and has no MFA device.
Uses the standard AWS SDK environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).

Options:
  --json                   print the AuditReport JSON alone on stdout
${settingLines().join('\n')}
  --user NAME              check only this user, live (repeat for more; names may hold commas)
  --org                    audit every ACTIVE account of the caller's AWS Organization
  --accounts ID[,ID...]    audit these accounts (12-digit ids)
  -h, --help               show this help

Exit codes: 0 no violations, 2 violations found, 1 the audit could not be completed
(failed, some users could not be checked, a finding did not reach Security Hub, or bad arguments). With --org or --accounts they hold
over every account: 1 if any account was not completely audited.`;

/** Parses argv; throws ConfigError (message names the flag and value) on anything unknown or bad. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  const settingOptions = Object.fromEntries(
    namesOn('cli').map((k) => [
      surfaceName(k, 'cli').slice(2),
      { type: SETTINGS[k].type.flag ? ('boolean' as const) : ('string' as const) },
    ]),
  );
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean', default: false },
        user: { type: 'string', multiple: true },
        org: { type: 'boolean', default: false },
        accounts: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
        ...settingOptions,
      },
    }));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const settings = readSurface('cli', (flag) => values[flag.slice(2)]);
  const users = values.user as string[] | undefined;
  const badUser = users?.find((u) => !isIamUserName(u));
  if (badUser !== undefined) {
    throw new ConfigError(
      `--user must be an IAM user name (${IAM_USER_NAME_RULE}); got ${JSON.stringify(badUser)}`,
    );
  }
  const accounts = readAccounts(values.org === true, values.accounts as string[] | undefined);
  if (accounts && users) {
    throw new ConfigError(
      "--user checks users of the caller's account; it cannot be combined with --org or --accounts",
    );
  }
  if (settings.enforcement !== 'off' && accounts) {
    throw new ConfigError(
      `--enforce ${settings.enforcement} restricts users of the caller's account only; it cannot be combined with --org or --accounts`,
    );
  }
  if (settings.enforcement === 'on' && !settings.enforcePolicyArn && !settings.dryRun) {
    throw new ConfigError(
      '--enforce on needs --enforce-policy-arn ARN (the EnforcePolicyArn output of the deployed stack)',
    );
  }
  const enforcementMode = settings.enforcement === 'on' && settings.dryRun ? 'preview' : settings.enforcement;
  return {
    json: values.json === true,
    ...(enforcementMode === 'off'
      ? {}
      : {
          enforcement: {
            mode: enforcementMode,
            enforceAfterDays: settings.enforceAfterDays,
            ...(settings.enforcePolicyArn ? { policyArn: settings.enforcePolicyArn } : {}),
          },
        }),
    dryRun: settings.dryRun,
    topicArn: settings.topicArn,
    users,
    ...(accounts ? { accounts } : {}),
    memberRoleName: settings.memberRoleName,
    accountConcurrency: settings.accountConcurrency,
    securityHub: settings.securityHub,
    help: values.help === true,
    settings: Object.fromEntries(ENGINE_SETTINGS.map((k) => [k, settings[k]])) as AuditSettings,
  };
}

/** `--org`, or `--accounts` (repeatable, each comma-separated); each id checked, duplicates dropped. */
function readAccounts(org: boolean, lists: readonly string[] | undefined): CliOptions['accounts'] {
  if (org && lists) throw new ConfigError('--org audits every account; give it or --accounts, not both');
  if (org) return 'all';
  if (!lists) return undefined;
  const ids = lists.flatMap((list) => list.split(',').map((id) => id.trim()));
  const bad = ids.find((id) => !isAccountId(id));
  if (bad !== undefined) {
    throw new ConfigError(
      `--accounts takes AWS account ids (${ACCOUNT_ID_RULE}); got ${JSON.stringify(bad)}`,
    );
  }
  return [...new Set(ids)];
}
