import type * as chatbot from 'aws-cdk-lib/aws-chatbot';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
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
import type { FunctionSettings, LogLevel } from './function-environment';
import { functionEnvironment, LOG_LEVELS } from './function-environment';
import { acknowledgeNagFindings } from './nag-suppressions';
import { DEFAULT_SCHEDULE, DEFAULT_TIME_ZONE, validateScheduleExpression } from './schedule-expression';
import {
  validateEmails,
  validateIntegerInRange,
  validateOneOf,
  validateSlackChannelId,
  validateSlackWorkspaceId,
  validateTimeZone,
} from './validation';

export type { SlackTarget } from './alert-topic';
export type { LogLevel } from './function-environment';

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
}

/**
 * A scheduled Lambda that finds IAM users who can sign in to the console without MFA and
 * publishes the findings to an encrypted SNS topic (email, Slack), with alarms when an audit
 * fails or does not run. One per account: IAM is global.
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

  constructor(scope: Construct, id: string, props: MfaAuditorProps = {}) {
    super(scope, id);
    const p = resolveProps(props);

    const alerts = createAlertTopic(this, { emails: p.alertEmails, slack: p.slack });
    this.topic = alerts.topic;
    this.topicKey = alerts.key;
    this.slackChannel = alerts.slackChannel;

    const audit = createAuditFunction(this, {
      environment: functionEnvironment({ ...p.settings, topicArn: this.topic.topicArn }),
      logRetention: p.logRetention,
    });
    this.function = audit.fn;
    this.functionRole = audit.role;
    this.logGroup = audit.logGroup;
    grantPublish(alerts, this.functionRole);

    const scheduled = createAuditSchedule(this, this.function, {
      expression: p.schedule,
      timeZone: p.timeZone,
      retryAttempts: p.scheduleRetryAttempts,
      enabled: p.scheduleEnabled,
    });
    this.schedule = scheduled.schedule;
    this.deadLetterQueue = scheduled.deadLetterQueue;

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
  const settings: Omit<FunctionSettings, 'topicArn'> = {
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
  };
}
