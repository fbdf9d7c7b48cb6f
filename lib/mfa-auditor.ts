import type * as chatbot from 'aws-cdk-lib/aws-chatbot';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BOUNDS, DEFAULT_SETTINGS } from '../lambda/config';
import type { Strategy } from '../lambda/core/types';
import { STRATEGIES } from '../lambda/core/types';
import { createAlarms } from './alarms';
import type { SlackTarget } from './alert-topic';
import { createAlertTopic, grantPublish } from './alert-topic';
import { createAuditFunction } from './audit-function';
import { createAuditSchedule } from './audit-schedule';
import type { FunctionSettings, LogLevel, NotifyMode, NotifySettings } from './function-environment';
import {
  DEFAULT_DIGEST_DAYS,
  DEFAULT_NOTIFY,
  DIGEST_DAYS_BOUNDS,
  functionEnvironment,
  LOG_LEVELS,
  NOTIFY_MODES,
} from './function-environment';
import { createIamEventRule, requireIamEventsRegion } from './iam-event-rule';
import { acknowledgeNagFindings } from './nag-suppressions';
import { DEFAULT_SCHEDULE, DEFAULT_TIME_ZONE, validateScheduleExpression } from './schedule-expression';
import { createStateTable, grantStateAccess } from './state-table';
import {
  validateEmails,
  validateIntegerInRange,
  validateOneOf,
  validateSlackChannelId,
  validateSlackWorkspaceId,
  validateTimeZone,
} from './validation';

export type { SlackTarget } from './alert-topic';
export type { LogLevel, NotifyMode } from './function-environment';

export interface MfaAuditorProps {
  /**
   * Addresses subscribed to the findings topic by email. Each must confirm the subscription.
   * @default - no email subscriptions
   */
  readonly alertEmails?: readonly string[];
  /**
   * Slack channel that receives the findings through AWS Chatbot.
   * @default - no Slack delivery
   */
  readonly slack?: SlackTarget;
  /**
   * EventBridge Scheduler `cron(...)` or `rate(...)` expression for the audit.
   * @default 'cron(0 6 * * ? *)' (daily, 06:00 in `timeZone`)
   */
  readonly schedule?: string;
  /**
   * IANA time zone the schedule is evaluated in.
   * @default 'UTC'
   */
  readonly timeZone?: string;
  /**
   * Whether the schedule runs; on-demand invocations work either way.
   * @default true
   */
  readonly scheduleEnabled?: boolean;
  /**
   * Times EventBridge Scheduler retries an invocation it could not deliver (0 to 185).
   * @default 3
   */
  readonly scheduleRetryAttempts?: number;
  /**
   * `auto` reads the credential report in large accounts, `report` always does, `live` checks
   * every user live.
   * @default 'auto'
   */
  readonly strategy?: Strategy;
  /**
   * Scheduled runs audit but never publish.
   * @default false
   */
  readonly dryRun?: boolean;
  /**
   * `auto` checks every user live in accounts with at most this many users.
   * @default 100 (the engine's default)
   */
  readonly liveThreshold?: number;
  /**
   * Live checks in flight at once.
   * @default 5 (the engine's default)
   */
  readonly concurrency?: number;
  /**
   * A violating user who used the password within this many days is `critical`.
   * @default 90 (the engine's default)
   */
  readonly criticalIfUsedWithinDays?: number;
  /**
   * A console password younger than this is `pending`, not yet a violation; 0 is strict.
   * @default 0 (the engine's default)
   */
  readonly gracePeriodHours?: number;
  /**
   * Exemption tags further ahead than this many days are rejected.
   * @default 365 (the engine's default)
   */
  readonly maxExemptionDays?: number;
  /**
   * How long to wait for IAM to generate the credential report.
   * @default 120 (the engine's default)
   */
  readonly reportMaxWaitSeconds?: number;
  /**
   * Powertools log level of the function.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Retention of the function's log group, which holds every full report (audit evidence).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * `changes` publishes only when the findings differ from the last published result, plus a
   * digest of everything still open every `digestDays`; it keeps that result in a small
   * KMS-encrypted DynamoDB table (env STATE_TABLE). `always` publishes every audit's findings and
   * creates no table.
   * @default 'changes'
   */
  readonly notify?: NotifyMode;
  /**
   * In `changes` mode, days between digests of every finding still open (1 to 90), so open findings
   * are restated even when nothing changes. Ignored in `always` mode.
   * @default 7
   */
  readonly digestDays?: number;
  /**
   * Re-checks a user within minutes of an IAM call that can change the verdict
   * (CreateLoginProfile, UpdateLoginProfile, DeactivateMFADevice, DeleteVirtualMFADevice,
   * EnableMFADevice, CreateUser, TagUser, UntagUser), through an EventBridge rule on the default bus.
   *
   * Needs two things AWS does not create for you: the stack in us-east-1, because CloudTrail
   * delivers IAM's events to EventBridge only there (a stack in another known region fails synth;
   * an environment-agnostic one fails at deploy), and a CloudTrail trail in the account, without
   * which IAM calls produce no events (the rule then never fires and the scheduled audit still runs).
   * @default true
   */
  readonly iamEventRechecks?: boolean;
}

/**
 * A scheduled Lambda that finds IAM users who can sign in to the console without MFA and
 * publishes the findings to an encrypted SNS topic (email, Slack), with alarms when an audit
 * fails or does not run. IAM calls that can change a verdict trigger a re-check within minutes,
 * and by default only changes are published. One per account: IAM is global.
 */
export class MfaAuditor extends Construct {
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly function: NodejsFunction;
  readonly functionRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: { readonly functionErrors: cloudwatch.Alarm; readonly deadLetters: cloudwatch.Alarm };
  readonly slackChannel?: chatbot.SlackChannelConfiguration;
  /** The alert state table; only in `notify: 'changes'` mode. */
  readonly stateTable?: dynamodb.Table;
  /** The state table's key; only in `notify: 'changes'` mode. */
  readonly stateTableKey?: kms.Key;
  /** The IAM event re-check rule; only with `iamEventRechecks`. */
  readonly iamEventRule?: events.Rule;

  constructor(scope: Construct, id: string, props: MfaAuditorProps = {}) {
    super(scope, id);
    const p = resolveProps(props);
    // Before anything is built: a rule in the wrong region would deploy and never fire.
    if (p.iamEventRechecks) requireIamEventsRegion(this);

    const alerts = createAlertTopic(this, { emails: p.alertEmails, slack: p.slack });
    this.topic = alerts.topic;
    this.topicKey = alerts.key;
    this.slackChannel = alerts.slackChannel;

    const state = p.notify === 'changes' ? createStateTable(this) : undefined;
    this.stateTable = state?.table;
    this.stateTableKey = state?.key;
    const notify: NotifySettings = state
      ? { mode: 'changes', digestDays: p.digestDays, stateTableName: state.table.tableName }
      : { mode: 'always' };

    const audit = createAuditFunction(this, {
      environment: functionEnvironment({ ...p.settings, topicArn: this.topic.topicArn, notify }),
      logRetention: p.logRetention,
    });
    this.function = audit.fn;
    this.functionRole = audit.role;
    this.logGroup = audit.logGroup;
    grantPublish(alerts, this.functionRole);
    if (state) grantStateAccess(state, this.functionRole);

    const scheduled = createAuditSchedule(this, this.function, {
      expression: p.schedule,
      timeZone: p.timeZone,
      retryAttempts: p.scheduleRetryAttempts,
      enabled: p.scheduleEnabled,
    });
    this.schedule = scheduled.schedule;
    this.deadLetterQueue = scheduled.deadLetterQueue;
    if (p.iamEventRechecks) {
      this.iamEventRule = createIamEventRule(this, this.function, { deadLetterQueue: this.deadLetterQueue });
    }

    this.alarms = createAlarms(this, this.function, this.deadLetterQueue, this.topic);
    acknowledgeNagFindings({
      functionRole: this.functionRole,
      fn: this.function,
      schedulerRole: scheduled.role,
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}

/** Defaults applied and every prop checked, so a bad value fails synth with the prop's name. */
function resolveProps(props: MfaAuditorProps) {
  const int = (name: keyof typeof BOUNDS, value: number | undefined): number =>
    validateIntegerInRange(name, value ?? DEFAULT_SETTINGS[name], BOUNDS[name]);
  const settings: Omit<FunctionSettings, 'topicArn' | 'notify'> = {
    strategy: validateOneOf('strategy', props.strategy ?? DEFAULT_SETTINGS.strategy, STRATEGIES),
    dryRun: props.dryRun ?? false,
    liveThreshold: int('liveThreshold', props.liveThreshold),
    concurrency: int('concurrency', props.concurrency),
    criticalIfUsedWithinDays: int('criticalIfUsedWithinDays', props.criticalIfUsedWithinDays),
    gracePeriodHours: int('gracePeriodHours', props.gracePeriodHours),
    maxExemptionDays: int('maxExemptionDays', props.maxExemptionDays),
    reportMaxWaitSeconds: int('reportMaxWaitSeconds', props.reportMaxWaitSeconds),
    logLevel: validateOneOf('logLevel', props.logLevel ?? 'INFO', LOG_LEVELS),
  };
  const slack = props.slack && {
    workspaceId: validateSlackWorkspaceId('slack.workspaceId', props.slack.workspaceId),
    channelId: validateSlackChannelId('slack.channelId', props.slack.channelId),
  };
  return {
    settings,
    alertEmails: validateEmails('alertEmails', props.alertEmails ?? []),
    slack,
    schedule: validateScheduleExpression('schedule', props.schedule ?? DEFAULT_SCHEDULE),
    timeZone: validateTimeZone('timeZone', props.timeZone ?? DEFAULT_TIME_ZONE),
    scheduleEnabled: props.scheduleEnabled ?? true,
    scheduleRetryAttempts: validateIntegerInRange(
      'scheduleRetryAttempts',
      props.scheduleRetryAttempts ?? 3,
      [0, 185],
    ),
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    notify: validateOneOf('notify', props.notify ?? DEFAULT_NOTIFY, NOTIFY_MODES),
    // Checked in `always` mode too: a bad value is a mistake even where it has no effect yet.
    digestDays: validateIntegerInRange(
      'digestDays',
      props.digestDays ?? DEFAULT_DIGEST_DAYS,
      DIGEST_DAYS_BOUNDS,
    ),
    iamEventRechecks: props.iamEventRechecks ?? true,
  };
}
