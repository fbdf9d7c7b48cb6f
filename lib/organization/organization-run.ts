import type * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AlertTopic } from '../alert-topic';
import { createOrganizationAlarms } from '../alarms';
import type { StackSetCallAs } from '../../lambda/settings/table';
import type { FunctionSettings } from '../function-environment';
import { functionEnvironment } from '../function-environment';
import type { StateTable } from '../state-table';
import { acknowledgeOrganizationRunNagFindings } from '../nag-suppressions';
import type { CentralEventBus } from './central-event-bus';
import { createCentralEventBus } from './central-event-bus';
import { createMemberStackSet } from './member-stack-set';
import { createReportBucket } from './report-bucket';
import type { RunFunctions } from './run-functions';
import { createRunFunctions } from './run-functions';
import { createRunStateMachine } from './run-state-machine';

export interface OrganizationRunOptions {
  /** The settings, as the single-account function gets them (without the bucket). */
  readonly settings: Omit<FunctionSettings, 'reportBucket'> & { readonly accountConcurrency: number };
  readonly alerts: AlertTopic;
  readonly state?: StateTable;
  readonly logRetention: logs.RetentionDays;
}

/** Organization mode's resources: what the construct exposes of them. */
export interface OrganizationRun {
  /** The `Organization` construct that holds them. */
  readonly scope: Construct;
  readonly bucket: s3.Bucket;
  readonly functions: RunFunctions;
  /** The role every member account's read role trusts (the account function's role). */
  readonly auditorRole: iam.Role;
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineLogGroup: logs.LogGroup;
  readonly stateMachineLogKey: kms.Key;
  readonly alarms: { readonly runFailed: cloudwatch.Alarm; readonly accountFunctionErrors: cloudwatch.Alarm };
}

/**
 * The organization run (/work/notes/org-contract.md "Deployed organization run"; README
 * "Organization"): the run bucket, the three functions and the state machine that drives them,
 * and their alarms, under one construct `Organization`. The member accounts' role comes from the
 * StackSet; the schedule and the IAM event rule are the construct's, pointed here.
 */
export function createOrganizationRun(parent: Construct, options: OrganizationRunOptions): OrganizationRun {
  const scope = new Construct(parent, 'Organization');
  const bucket = createReportBucket(scope);
  const functions = createRunFunctions(scope, {
    environment: functionEnvironment({ ...options.settings, reportBucket: bucket.bucketName }),
    logRetention: options.logRetention,
    bucket,
    alerts: options.alerts,
    state: options.state,
    memberRoleName: options.settings.memberRoleName,
    securityHub: options.settings.securityHub,
  });
  const run = createRunStateMachine(scope, {
    bucket,
    list: functions.list.fn,
    auditAccount: functions.auditAccount.fn,
    aggregate: functions.aggregate.fn,
    accountConcurrency: options.settings.accountConcurrency,
    logRetention: options.logRetention,
  });
  const alarms = createOrganizationAlarms(
    scope,
    run.stateMachine,
    functions.auditAccount.fn,
    options.alerts.topic,
  );
  acknowledgeOrganizationRunNagFindings({
    bucket,
    functions,
    stateMachine: run.stateMachine,
    memberRoleName: options.settings.memberRoleName,
  });
  return {
    scope,
    bucket,
    functions,
    auditorRole: functions.auditAccount.role,
    stateMachine: run.stateMachine,
    stateMachineLogGroup: run.logGroup,
    stateMachineLogKey: run.logKey,
    alarms,
  };
}

export interface OrganizationMembersOptions {
  readonly organizationalUnitIds: readonly string[];
  readonly memberRoleName: string;
  readonly forwardIamEvents: boolean;
  readonly stackSetCallAs: StackSetCallAs;
  /** Member roles may import their account's findings into its Security Hub (`securityHub`). */
  readonly securityHub: boolean;
  /** Where forwarded IAM events that cannot be delivered to the account function go (alarmed). */
  readonly deadLetterQueue: sqs.IQueue;
}

/** What the member accounts get, and the bus their IAM events come to. */
export interface OrganizationMembers {
  /** Gives every account under the OUs the read role (and the forwarding rule). */
  readonly memberStackSet: cloudformation.CfnStackSet;
  /** Only with `forwardIamEvents`: the bus and its rule to the account function. */
  readonly centralEventBus?: CentralEventBus;
}

/**
 * The member accounts' side (lib/organization/member-stack-set.ts, central-event-bus.ts): the
 * StackSet whose role trusts the auditor role alone and, with `forwardIamEvents`, the central bus
 * whose rule sends the members' IAM events to the account function, which re-checks them in the
 * account they came from.
 */
export function addOrganizationMembers(
  run: OrganizationRun,
  options: OrganizationMembersOptions,
): OrganizationMembers {
  const centralEventBus = options.forwardIamEvents
    ? createCentralEventBus(run.scope, {
        fn: run.functions.auditAccount.fn,
        deadLetterQueue: options.deadLetterQueue,
      })
    : undefined;
  const memberStackSet = createMemberStackSet(run.scope, {
    auditorRole: run.auditorRole,
    organizationalUnitIds: options.organizationalUnitIds,
    roleName: options.memberRoleName,
    forwardIamEvents: options.forwardIamEvents,
    securityHub: options.securityHub,
    centralEventBusArn: centralEventBus?.bus.eventBusArn,
    callAs: options.stackSetCallAs,
  });
  return { memberStackSet, centralEventBus };
}
