import type * as chatbot from 'aws-cdk-lib/aws-chatbot';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
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
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../lambda/core/function-timeout';
import { METRIC } from '../lambda/core/metric-names';
import { readSurface } from '../lambda/settings/parse';
import type { NamesOn, Settings, ValueOf } from '../lambda/settings/table';
import { createAlarms, createViolationAlarm } from './alarms';
import type { SlackTarget } from './alert-topic';
import { createAlertTopic, grantPublish } from './alert-topic';
import { createAuditFunction } from './audit-function';
import { deploymentMetric, deploymentName } from './audit-metrics';
import { createAuditSchedule } from './audit-schedule';
import { createAuditDashboard } from './dashboard';
import {
  addEnforcementPermissions,
  createEnforcementPolicy,
  requireSingleAccountEnforcement,
} from './enforcement';
import { functionEnvironment } from './function-environment';
import { createIamEventRule, requireIamEventsRegion } from './iam-event-rule';
import { acknowledgeEnforcementNagFindings, acknowledgeNagFindings } from './nag-suppressions';
import type { OrganizationMembers, OrganizationRun } from './organization/organization-run';
import { addOrganizationMembers, createOrganizationRun } from './organization/organization-run';
import { createStateTable, grantStateAccess } from './state-table';
import { addSecurityHubPermissions } from './security-hub-access';

export type { SlackTarget } from './alert-topic';
export type { NotifyMode } from '../lambda/core/changes';
export type { LogLevel } from '../lambda/settings/table';
export type { OrganizationMembers, OrganizationRun } from './organization/organization-run';

/**
 * The construct's settings, one prop per setting of lambda/settings/table.ts that has one (same
 * name; `doc` and `default` there), plus the two whose types are objects.
 */
export type MfaAuditorProps = {
  readonly [K in NamesOn<'prop'> as Settings[K] extends { prop: K } ? K : never]?: ValueOf<K>;
} & {
  /**
   * Slack channel that receives the findings through AWS Chatbot (the table's `slackWorkspaceId`
   * and `slackChannelId`).
   * @default - no Slack delivery
   */
  readonly slack?: SlackTarget;
  /**
   * Retention of the function's log group, which holds every full report (audit evidence).
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
};

/**
 * A scheduled Lambda that finds IAM users who can sign in to the console without MFA and
 * publishes the findings to an encrypted SNS topic (email, Slack), with alarms when an audit
 * fails or does not run. IAM calls that can change a verdict trigger a re-check within minutes,
 * and by default only changes are published. One per account: IAM is global.
 *
 * With `organizationalUnitIds`, one deployment audits every ACTIVE account under those OUs: the
 * schedule starts a Step Functions run (list the accounts, audit each through its member role in a
 * Distributed Map, aggregate into one organization report and one alert stream), and the IAM event
 * rule re-checks through the organization's account function. The single-account function stays,
 * for on-demand audits of this account (the DryRunCommand output).
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
  /** The organization run and the member accounts' StackSet; only with `organizationalUnitIds`. */
  readonly organization?: OrganizationRun & OrganizationMembers;
  /**
   * The audit's CloudWatch dashboard (violations, users not checked and failed audits, duration
   * against the timeout, IAM throttling), over the metrics the functions emit in EMF.
   */
  readonly dashboard: cloudwatch.Dashboard;
  /** More console users without MFA than `violationAlarmThreshold`; only with that setting. */
  readonly violationAlarm?: cloudwatch.Alarm;
  /**
   * The self-service MFA policy enforcement attaches to overdue console users (AWS's documented
   * example: without MFA, only enrolling a device and changing one's password; README
   * "Enforcement"). Created whatever `enforcement` is, so a preview can name it; the function may
   * list its holders with `preview` and attach or detach it with `on`.
   */
  readonly enforcementPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: MfaAuditorProps = {}) {
    super(scope, id);
    const p = resolveProps(props);
    // Before anything is built: a rule in the wrong region would deploy and never fire.
    if (p.iamEventRechecks) requireIamEventsRegion(this);
    requireSingleAccountEnforcement(p.enforcement, p.organizationalUnitIds);

    const alerts = createAlertTopic(this, { emails: p.alertEmails, slack: p.slack });
    this.topic = alerts.topic;
    this.topicKey = alerts.key;
    this.slackChannel = alerts.slackChannel;

    const state = p.notify === 'changes' ? createStateTable(this) : undefined;
    this.stateTable = state?.table;
    this.stateTableKey = state?.key;

    this.enforcementPolicy = createEnforcementPolicy(this);

    const deployment = deploymentName(this);
    const audit = createAuditFunction(this, {
      environment: functionEnvironment({
        ...p,
        topicArn: this.topic.topicArn,
        stateTable: state?.table.tableName,
        reportBucket: undefined,
        enforcePolicyArn: this.enforcementPolicy.managedPolicyArn,
        // It audits this account only, in either mode: the organization's settings are not its own.
        organizationalUnitIds: [],
        // In organization mode the organization run reports for the deployment, not this function.
        metricsDeployment: p.organizationalUnitIds.length > 0 ? undefined : deployment,
      }),
      logRetention: p.logRetention,
    });
    this.function = audit.fn;
    this.functionRole = audit.role;
    this.logGroup = audit.logGroup;
    grantPublish(alerts, this.functionRole);
    if (state) grantStateAccess(state, this.functionRole);
    if (p.securityHub) addSecurityHubPermissions(this.functionRole);
    const enforcementPermissions = addEnforcementPermissions(
      this,
      this.functionRole,
      this.function,
      this.enforcementPolicy,
      p.enforcement,
    );
    acknowledgeEnforcementNagFindings(
      this.enforcementPolicy,
      p.enforcement === 'on' ? enforcementPermissions : undefined,
    );

    const run =
      p.organizationalUnitIds.length > 0
        ? createOrganizationRun(this, {
            settings: {
              ...p,
              topicArn: this.topic.topicArn,
              stateTable: state?.table.tableName,
              metricsDeployment: deployment,
              // Enforcement is single-account only (requireSingleAccountEnforcement): off here.
              enforcePolicyArn: undefined,
            },
            alerts,
            state,
            logRetention: p.logRetention,
          })
        : undefined;

    const scheduled = createAuditSchedule(
      this,
      run ? { stateMachine: run.stateMachine } : { function: this.function },
      {
        expression: p.schedule,
        timeZone: p.timeZone,
        retryAttempts: p.scheduleRetryAttempts,
        enabled: p.scheduleEnabled,
      },
    );
    this.schedule = scheduled.schedule;
    this.deadLetterQueue = scheduled.deadLetterQueue;
    if (run) {
      this.organization = {
        ...run,
        ...addOrganizationMembers(run, { ...p, deadLetterQueue: this.deadLetterQueue }),
      };
    }
    if (p.iamEventRechecks) {
      // In organization mode this account's own IAM events go to the account function too, which
      // re-checks with this account's alert state, like every member account's.
      this.iamEventRule = createIamEventRule(this, run?.functions.auditAccount.fn ?? this.function, {
        deadLetterQueue: this.deadLetterQueue,
      });
    }

    this.alarms = createAlarms(this, this.function, this.deadLetterQueue, this.topic);
    this.dashboard = createAuditDashboard(this, {
      deployment,
      organization: run !== undefined,
      // The single-account function's and the account function's (the one that audits in each mode).
      auditTimeout: Duration.seconds(AUDIT_FUNCTION_TIMEOUT_SECONDS),
      violationAlarmThreshold: p.violationAlarmThreshold,
    });
    if (p.violationAlarmThreshold !== undefined) {
      this.violationAlarm = createViolationAlarm(
        this,
        // No label: a labelled metric makes the alarm a one-metric math alarm, harder to read.
        deploymentMetric(METRIC.consoleUsersWithoutMfa, deployment, { statistic: cloudwatch.Stats.MAXIMUM }),
        p.violationAlarmThreshold,
        this.topic,
      );
    }
    acknowledgeNagFindings({
      functionRole: this.functionRole,
      fn: this.function,
      schedulerRole: scheduled.role,
      deadLetterQueue: this.deadLetterQueue,
    });
  }
}

/** Defaults applied and every prop checked, so a bad value fails synth with the prop's name (exported for tests). */
export function resolveProps(props: MfaAuditorProps) {
  const settings = readSurface('prop', (name) =>
    name.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown> | undefined)?.[part], props),
  );
  const { slackWorkspaceId: workspaceId, slackChannelId: channelId } = settings;
  return {
    ...settings,
    slack: workspaceId && channelId ? { workspaceId, channelId } : undefined,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
  };
}
