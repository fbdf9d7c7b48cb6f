import { ArnFormat, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface AuditScheduleOptions {
  readonly expression: string;
  readonly timeZone: string;
  readonly retryAttempts: number;
  readonly enabled: boolean;
}

/** What the schedule starts: the audit function, or in organization mode the run's state machine. */
export type AuditTarget =
  { readonly function: lambda.IFunction } | { readonly stateMachine: sfn.IStateMachine };

export interface AuditSchedule {
  readonly schedule: scheduler.Schedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly role: iam.Role;
}

/**
 * EventBridge Scheduler (not an EventBridge rule) because it evaluates cron in a time zone. It
 * invokes the function asynchronously with `{}`, the scheduled-run event, or starts an execution of
 * the organization run with `{}` (the run is named by Step Functions: its execution name is the
 * runId); what it cannot deliver after its retries lands in the dead-letter queue, which has its
 * own alarm.
 */
export function createAuditSchedule(
  scope: Construct,
  target: AuditTarget,
  options: AuditScheduleOptions,
): AuditSchedule {
  const deadLetterQueue = new sqs.Queue(scope, 'ScheduleDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const role = new iam.Role(scope, 'SchedulerRole', {
    assumedBy: schedulerPrincipal(Stack.of(scope)),
    description:
      'function' in target
        ? 'MFA auditor schedule: invokes the audit function'
        : 'MFA auditor schedule: starts the organization run',
  });
  const targetProps = {
    input: scheduler.ScheduleTargetInput.fromObject({}),
    role,
    deadLetterQueue,
    retryAttempts: options.retryAttempts,
    // Still undeliverable after an hour means a broken deployment, which the queue's alarm
    // reports; retrying for the default 24 hours would only run into the next audit.
    maxEventAge: Duration.hours(1),
  };
  const schedule = new scheduler.Schedule(scope, 'Schedule', {
    description: 'Runs the MFA audit',
    schedule: scheduler.ScheduleExpression.expression(options.expression, TimeZone.of(options.timeZone)),
    enabled: options.enabled,
    target:
      'function' in target
        ? new LambdaInvoke(target.function, targetProps)
        : new StepFunctionsStartExecution(target.stateMachine, targetProps),
  });
  return { schedule, deadLetterQueue, role };
}

/** Only schedules of this account's default group may assume the role (confused deputy). */
function schedulerPrincipal(stack: Stack): iam.IPrincipal {
  return new iam.ServicePrincipal('scheduler.amazonaws.com', {
    conditions: {
      StringEquals: {
        'aws:SourceAccount': stack.account,
        'aws:SourceArn': stack.formatArn({
          service: 'scheduler',
          resource: 'schedule-group',
          resourceName: 'default',
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      },
    },
  });
}
