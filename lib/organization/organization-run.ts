import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { AlertTopic } from '../alert-topic';
import { createOrganizationAlarms } from '../alarms';
import type { FunctionSettings } from '../function-environment';
import { functionEnvironment } from '../function-environment';
import type { StateTable } from '../state-table';
import { acknowledgeOrganizationRunNagFindings } from '../nag-suppressions';
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
    bucket,
    functions,
    auditorRole: functions.auditAccount.role,
    stateMachine: run.stateMachine,
    stateMachineLogGroup: run.logGroup,
    stateMachineLogKey: run.logKey,
    alarms,
  };
}
