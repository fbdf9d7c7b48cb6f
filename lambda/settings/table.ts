import { DEFAULT_DIGEST_EVERY_DAYS } from '../core/changes';
import type { NotifyMode } from '../core/changes';
import { ENFORCEMENT_MODES } from '../core/enforcement';
import { DEFAULT_JUDGE_POLICY } from '../core/judge';
import { DEFAULT_LIVE_THRESHOLD } from '../core/strategy';
import { STRATEGIES } from '../core/types';
import { validateScheduleExpression } from './schedule-expression';
import {
  validateEmails,
  validateOrganizationalUnitIds,
  validateRoleName,
  validateSlackChannelId,
  validateSlackWorkspaceId,
  validateTimeZone,
} from './validators';
import type { ValueType } from './value-types';
import { bool, int, list, Mismatch, oneOf, optional, text } from './value-types';

/**
 * Every setting of the auditor, declared once: its type (with bounds), its default, what it means,
 * and its name on each surface that has it. A surface a setting does not appear on is left out.
 * - `env`: the function's environment variable (written by the construct, read by the handler);
 * - `cli`: the flag of `npm run audit`;
 * - `context`: the CDK context key (`-c key=value` or cdk.json), a documented user contract;
 * - `prop`: the `MfaAuditor` construct prop (a dotted name is a field of an object prop).
 * `engine: true` marks the settings the audit itself takes (AuditSettings); the others decide where
 * findings go and how the stack is deployed.
 *
 * Adding a setting: one entry here, then its use. Every reader (lambda/handler-config.ts,
 * lambda/cli/args.ts, lib/context.ts, lib/mfa-auditor.ts with lib/function-environment.ts) takes
 * it from this table; the README's Configure table lists the `context` ones (a test checks).
 */
export interface Setting<T> {
  readonly type: ValueType<T>;
  readonly default: T;
  readonly doc: string;
  readonly engine?: true;
  readonly env?: string;
  readonly cli?: string;
  /** The CLI flag's argument in the usage text (`--grace-hours N`); bare boolean flags have none. */
  readonly cliArg?: string;
  /** The CLI usage text, when it says more briefly than `doc`. */
  readonly cliHelp?: string;
  readonly context?: string;
  readonly prop?: string;
}

function setting<T, const S extends Omit<Setting<T>, 'type' | 'default'>>(
  type: ValueType<T>,
  defaultValue: T,
  surfaces: S,
): Setting<T> & S {
  return { type, default: defaultValue, ...surfaces };
}

/** Powertools log levels the handler's logger accepts. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
export const NOTIFY_MODES: readonly NotifyMode[] = ['always', 'changes'];
/** Who creates the member StackSet: the management account itself, or a delegated administrator. */
export type StackSetCallAs = 'SELF' | 'DELEGATED_ADMIN';
export type { EnforcementMode } from '../core/enforcement';
export const STACK_SET_CALL_AS: readonly StackSetCallAs[] = ['SELF', 'DELEGATED_ADMIN'];

// The order is the order of the function's environment variables and of the CLI usage text.
export const SETTINGS = {
  topicArn: setting(text('the ARN of a standard (not FIFO) SNS topic', topicArn), undefined, {
    doc: 'Topic that receives findings; unset means the audit only returns its report. The construct sets its own topic.',
    env: 'TOPIC_ARN',
    cli: '--topic-arn',
    cliArg: 'ARN',
    cliHelp: 'publish the result to this SNS topic',
  }),
  dryRun: setting(bool, false, {
    doc: 'audit on schedule but never publish',
    env: 'DRY_RUN',
    cli: '--dry-run',
    cliHelp: 'never publish, even with --topic-arn',
    context: 'dryRun',
    prop: 'dryRun',
  }),
  strategy: setting(oneOf(STRATEGIES), 'auto', {
    doc: '`auto`, `report` or `live` (see "How it works")',
    engine: true,
    env: 'STRATEGY',
    cli: '--strategy',
    cliArg: 'S',
    cliHelp: 'auto | report | live',
    context: 'strategy',
    prop: 'strategy',
  }),
  liveThreshold: setting(int(0, 100_000), DEFAULT_LIVE_THRESHOLD, {
    doc: '`auto` checks every user live in accounts with at most this many users',
    engine: true,
    env: 'LIVE_THRESHOLD',
    cli: '--live-threshold',
    cliArg: 'N',
    cliHelp: 'auto checks everyone live up to N users',
    prop: 'liveThreshold',
  }),
  concurrency: setting(int(1, 50), 5, {
    doc: 'live checks in flight at once',
    engine: true,
    env: 'CONCURRENCY',
    cli: '--concurrency',
    cliArg: 'N',
    cliHelp: 'live checks in flight',
    prop: 'concurrency',
  }),
  criticalIfUsedWithinDays: setting(int(0, 3650), DEFAULT_JUDGE_POLICY.criticalIfUsedWithinDays, {
    doc: 'a violating user whose password was used within this many days is `critical`, else `high`',
    engine: true,
    env: 'CRITICAL_IF_USED_WITHIN_DAYS',
    cli: '--critical-days',
    cliArg: 'N',
    cliHelp: 'password used within N days = critical',
    context: 'criticalIfUsedWithinDays',
    prop: 'criticalIfUsedWithinDays',
  }),
  gracePeriodHours: setting(int(0, 8760), DEFAULT_JUDGE_POLICY.gracePeriodHours, {
    doc: 'a console password younger than this is `pending`, not a violation (0 = strict)',
    engine: true,
    env: 'GRACE_PERIOD_HOURS',
    cli: '--grace-hours',
    cliArg: 'N',
    cliHelp: 'passwords younger than N hours are pending, not violations',
    context: 'gracePeriodHours',
    prop: 'gracePeriodHours',
  }),
  maxExemptionDays: setting(int(1, 3650), DEFAULT_JUDGE_POLICY.maxExemptionDays, {
    doc: 'exemptions further ahead are rejected',
    engine: true,
    env: 'MAX_EXEMPTION_DAYS',
    cli: '--max-exemption-days',
    cliArg: 'N',
    cliHelp: 'reject exemptions further out than N days',
    context: 'maxExemptionDays',
    prop: 'maxExemptionDays',
  }),
  reportMaxWaitSeconds: setting(int(5, 300), 120, {
    doc: 'how long to wait for IAM to generate the credential report',
    engine: true,
    env: 'REPORT_MAX_WAIT_SECONDS',
    cli: '--report-max-wait',
    cliArg: 'S',
    cliHelp: 'seconds to wait for the credential report',
    prop: 'reportMaxWaitSeconds',
  }),
  // The deployed default, and the handler's: a function without NOTIFY does what a deployed one does.
  notify: setting(oneOf(NOTIFY_MODES), 'changes', {
    doc:
      '`changes`: alert on new and resolved findings (plus failures, unchecked users, root changes) and send a ' +
      'digest of everything open every `digestDays`; `always`: the full result every run',
    env: 'NOTIFY',
    context: 'notify',
    prop: 'notify',
  }),
  digestDays: setting(int(1, 90), DEFAULT_DIGEST_EVERY_DAYS, {
    doc: 'digest cadence in `changes` mode (1 to 90)',
    env: 'DIGEST_DAYS',
    context: 'digestDays',
    prop: 'digestDays',
  }),
  // Security Hub's regional hub of the audited account: BatchImportFindings only takes findings
  // whose AwsAccountId is the caller's own account (with the default product ARN).
  securityHub: setting(bool, false, {
    doc: 'after each full audit, keep one Security Hub finding per console user without MFA (and the root user) open or resolved (see "Security Hub and metrics")',
    env: 'SECURITY_HUB',
    cli: '--security-hub',
    cliHelp: "import findings into the audited account's Security Hub (also resolves fixed ones)",
    context: 'securityHub',
    prop: 'securityHub',
  }),
  // Opt-in enforcement (README "Enforcement"): the stack's self-service MFA policy on overdue users.
  enforcement: setting(oneOf(ENFORCEMENT_MODES), 'off', {
    doc: '`off`, `preview` (report what `on` would do) or `on`: attach the self-service MFA policy to users overdue by `enforceAfterDays`, detach it once compliant',
    env: 'ENFORCEMENT',
    cli: '--enforce',
    cliArg: 'MODE',
    cliHelp: 'preview | on: restrict overdue users to enrolling MFA (on needs --enforce-policy-arn)',
    context: 'enforcement',
    prop: 'enforcement',
  }),
  enforceAfterDays: setting(int(0, 365), 14, {
    doc: 'days after the grace period before a console user without MFA is overdue and enforced on',
    env: 'ENFORCE_AFTER_DAYS',
    cli: '--enforce-after-days',
    cliArg: 'N',
    cliHelp: 'days past the grace period before a user is overdue',
    context: 'enforceAfterDays',
    prop: 'enforceAfterDays',
  }),
  // The policy the stack creates (output EnforcePolicyArn); the construct sets it on the function.
  enforcePolicyArn: setting(text('the ARN of a customer-managed IAM policy', policyArn), undefined, {
    doc: 'The self-service MFA policy enforcement attaches; the construct creates it (stack output `EnforcePolicyArn`).',
    env: 'ENFORCE_POLICY_ARN',
    cli: '--enforce-policy-arn',
    cliArg: 'ARN',
    cliHelp: 'the EnforcePolicyArn stack output (required with --enforce on)',
  }),
  stateTable: setting(text('a DynamoDB table name', tableName), undefined, {
    doc: 'The table that keeps the last published result (`changes` mode); the construct creates it.',
    env: 'STATE_TABLE',
  }),
  alertEmails: setting(list('comma-separated email addresses', validateEmails), [], {
    doc: 'comma-separated addresses subscribed to the topic',
    context: 'alertEmails',
    prop: 'alertEmails',
  }),
  slackWorkspaceId: setting(
    text('a Slack workspace id such as T0123ABCD', validateSlackWorkspaceId),
    undefined,
    {
      doc: 'both or neither: Slack delivery through AWS Chatbot',
      context: 'slackWorkspaceId',
      prop: 'slack.workspaceId',
    },
  ),
  slackChannelId: setting(text('a Slack channel id such as C0456EFGH', validateSlackChannelId), undefined, {
    doc: 'both or neither: Slack delivery through AWS Chatbot',
    context: 'slackChannelId',
    prop: 'slack.channelId',
  }),
  schedule: setting(
    text<string>('an EventBridge Scheduler expression', validateScheduleExpression),
    'cron(0 6 * * ? *)',
    {
      // Once a day at 06:00 in the schedule's time zone: findings arrive before the working day starts.
      doc: 'EventBridge Scheduler `cron(...)` or `rate(...)` expression',
      context: 'schedule',
      prop: 'schedule',
    },
  ),
  timeZone: setting(
    text<string>('an IANA time zone name such as UTC or Europe/Paris', validateTimeZone),
    'UTC',
    {
      doc: 'IANA time zone of the schedule, e.g. `Europe/Paris`',
      context: 'timezone',
      prop: 'timeZone',
    },
  ),
  scheduleEnabled: setting(bool, true, {
    doc: 'whether the schedule runs; on-demand invocations work either way',
    prop: 'scheduleEnabled',
  }),
  scheduleRetryAttempts: setting(int(0, 185), 3, {
    doc: 'times EventBridge Scheduler retries an invocation it could not deliver',
    prop: 'scheduleRetryAttempts',
  }),
  // Through an EventBridge rule on the default bus, for CreateLoginProfile, UpdateLoginProfile,
  // DeactivateMFADevice, DeleteVirtualMFADevice, EnableMFADevice, CreateUser, TagUser, UntagUser.
  // Needs the stack in us-east-1 (CloudTrail delivers IAM's events to EventBridge only there: another
  // known region fails synth, an environment-agnostic stack fails at deploy) and a CloudTrail trail.
  iamEventRechecks: setting(bool, true, {
    doc: 're-check a user within about a minute of an IAM change (see below)',
    context: 'iamEventRechecks',
    prop: 'iamEventRechecks',
  }),
  // A CloudWatch alarm on the dashboard's violations metric, notifying the findings topic.
  violationAlarmThreshold: setting(optional(int(0, 1_000_000)), undefined, {
    doc: 'alarm (on the findings topic) when an audit finds more console users without MFA than this; unset = no alarm',
    context: 'violationAlarmThreshold',
    prop: 'violationAlarmThreshold',
  }),
  // The `Deployment` dimension of the metrics the dashboard and alarm read (the construct sets it on
  // the functions that report for the whole deployment; lambda/core/audit-metrics.ts).
  metricsDeployment: setting(text('a CloudWatch dimension value', dimensionValue), undefined, {
    doc: 'The name of this deployment in its CloudWatch metrics; the construct sets it.',
    env: 'METRICS_DEPLOYMENT',
  }),
  // Organization mode (see README "Organization"): present OU or root ids turn it on.
  organizationalUnitIds: setting(
    list('comma-separated organization root (r-...) or OU (ou-...) ids', validateOrganizationalUnitIds),
    [],
    {
      doc: 'audit every ACTIVE account under these OUs (or the root `r-...`) from this one deployment; unset = this account only',
      env: 'ORGANIZATIONAL_UNIT_IDS',
      context: 'organizationalUnitIds',
      prop: 'organizationalUnitIds',
    },
  ),
  memberRoleName: setting(text<string>('an IAM role name', validateRoleName), 'MfaAuditorReadRole', {
    doc: 'the read-only role assumed in every member account (organization mode)',
    env: 'MEMBER_ROLE_NAME',
    cli: '--role-name',
    cliArg: 'NAME',
    cliHelp: "role assumed in each account other than the caller's (with --org/--accounts)",
    context: 'memberRoleName',
    prop: 'memberRoleName',
  }),
  accountConcurrency: setting(int(1, 1000), 40, {
    doc: "accounts audited at once (the Distributed Map's MaxConcurrency; IAM's rate limit is per account)",
    cli: '--account-concurrency',
    cliArg: 'N',
    cliHelp: 'accounts audited at once (with --org/--accounts)',
    context: 'accountConcurrency',
    prop: 'accountConcurrency',
  }),
  // A rule in each member account sends the re-check events to this deployment's event bus.
  forwardIamEvents: setting(bool, false, {
    doc: 'organization mode: member accounts forward their IAM events for near-real-time re-checks (needs a CloudTrail trail in each)',
    context: 'forwardIamEvents',
    prop: 'forwardIamEvents',
  }),
  // CloudFormation's CallAs for the member StackSet: a service-managed StackSet is created from the
  // management account (SELF) or from a delegated administrator of StackSets (DELEGATED_ADMIN).
  stackSetCallAs: setting(oneOf(STACK_SET_CALL_AS), 'SELF', {
    doc: 'organization mode: `SELF` when deploying from the management account, `DELEGATED_ADMIN` from a StackSets delegated administrator account',
    context: 'stackSetCallAs',
    prop: 'stackSetCallAs',
  }),
  // Where the organization run keeps its account list and every account's report (the construct sets it).
  reportBucket: setting(text('an S3 bucket name', bucketName), undefined, {
    doc: 'The bucket of the organization run (account list, per-account reports); the construct creates it.',
    env: 'REPORT_BUCKET',
  }),
  // Written to POWERTOOLS_LOG_LEVEL, which Powertools reads itself (and which tests set to SILENT).
  logLevel: setting(oneOf(LOG_LEVELS), 'INFO', {
    doc: 'Powertools log level of the function',
    prop: 'logLevel',
  }),
} as const;

// Standard topics only: a FIFO topic would need a MessageGroupId on every publish.
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
function topicArn(arn: string): string {
  if (!TOPIC_ARN.test(arn)) throw new Mismatch('the ARN of a standard (not FIFO) SNS topic', arn);
  return arn;
}

// A customer-managed policy (account id, optional path): never an AWS-managed one (`iam::aws:`).
const POLICY_ARN = /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@/-]{1,512}$/;
function policyArn(arn: string): string {
  if (!POLICY_ARN.test(arn)) throw new Mismatch('the ARN of a customer-managed IAM policy', arn);
  return arn;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
function bucketName(name: string): string {
  if (!BUCKET_NAME.test(name)) throw new Mismatch('an S3 bucket name', name);
  return name;
}

// CloudWatch: 1 to 1024 characters, ASCII, not only spaces.
const DIMENSION_VALUE = /^(?=.*\S)[\x20-\x7e]{1,1024}$/;
function dimensionValue(value: string): string {
  if (!DIMENSION_VALUE.test(value)) throw new Mismatch('a CloudWatch dimension value', value);
  return value;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
function tableName(name: string): string {
  if (!TABLE_NAME.test(name)) throw new Mismatch('a DynamoDB table name', name);
  return name;
}

export type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;
export type Surface = 'env' | 'cli' | 'context' | 'prop';
export type ValueOf<K extends SettingName> = Settings[K]['default'];
/** The settings that appear on a surface. */
export type NamesOn<S extends Surface> = {
  [K in SettingName]: Settings[K] extends Record<S, string> ? K : never;
}[SettingName];
/** Values of the settings that appear on a surface, by setting name. */
export type SettingsOn<S extends Surface> = { readonly [K in NamesOn<S>]: ValueOf<K> };
export type EngineName = {
  [K in SettingName]: Settings[K] extends { engine: true } ? K : never;
}[SettingName];
/** What the audit itself takes, from the handler's environment or the CLI's flags. */
export type AuditSettings = { readonly [K in EngineName]: ValueOf<K> };

export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** The defaults of the settings a surface has. */
function defaultsOf<K extends SettingName>(names: readonly K[]): { readonly [N in K]: ValueOf<N> } {
  return Object.fromEntries(names.map((k) => [k, SETTINGS[k].default])) as { readonly [N in K]: ValueOf<N> };
}

export const ENGINE_SETTINGS = SETTING_NAMES.filter((k): k is EngineName => 'engine' in SETTINGS[k]);
export const DEFAULT_SETTINGS: AuditSettings = defaultsOf(ENGINE_SETTINGS);
