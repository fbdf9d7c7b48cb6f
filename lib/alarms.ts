import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** Alarms on the first 5-minute period with one event. No data between runs is normal. */
const AT_LEAST_ONE = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
};

export interface AuditAlarms {
  readonly functionErrors: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;
}

/**
 * The two ways an audit can go missing: it ran and failed, or it never ran. Both notify the
 * findings topic, so the people who read findings also learn when there are none to read.
 * No data between daily runs is normal, hence notBreaching.
 */
export function createAlarms(
  scope: Construct,
  fn: lambda.IFunction,
  deadLetterQueue: sqs.IQueue,
  topic: sns.ITopic,
): AuditAlarms {
  const functionErrors = fn
    .metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
    .createAlarm(scope, 'FunctionErrorsAlarm', {
      ...AT_LEAST_ONE,
      alarmDescription: 'The MFA audit failed: no user has been judged compliant. See the function logs.',
    });
  const deadLetters = deadLetterQueue
    .metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    })
    .createAlarm(scope, 'DeadLetterAlarm', {
      ...AT_LEAST_ONE,
      alarmDescription:
        'The schedule or the IAM event rule could not invoke the MFA audit function: an audit or ' +
        're-check did not run. See the dead-letter queue messages.',
    });
  const notify = new SnsAction(topic);
  functionErrors.addAlarmAction(notify);
  deadLetters.addAlarmAction(notify);
  return { functionErrors, deadLetters };
}

export interface OrganizationAlarms {
  readonly runFailed: cloudwatch.Alarm;
  readonly accountFunctionErrors: cloudwatch.Alarm;
}

/**
 * Organization mode's ways for an audit to go missing. A run fails when the accounts could not be
 * listed into the bucket, the map could not run, or the aggregation found the organization report
 * `failed` (after alerting); it times out when stuck. The account function's errors are the
 * re-checks of forwarded IAM events that could not run (the map tolerates its item failures, and
 * the aggregation reports those accounts as not audited).
 */
export function createOrganizationAlarms(
  scope: Construct,
  stateMachine: sfn.IStateMachine,
  auditAccount: lambda.IFunction,
  topic: sns.ITopic,
): OrganizationAlarms {
  const period = Duration.minutes(5);
  const runFailed = new cloudwatch.MathExpression({
    expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
    usingMetrics: {
      failed: stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      timedOut: stateMachine.metricTimedOut({ period, statistic: cloudwatch.Stats.SUM }),
    },
    period,
    label: 'Organization runs failed or timed out',
  }).createAlarm(scope, 'RunFailedAlarm', {
    ...AT_LEAST_ONE,
    alarmDescription:
      'An MFA audit organization run failed or timed out: accounts may not have been audited. ' +
      "See the execution's history and the organization report in the run bucket.",
  });
  const accountFunctionErrors = auditAccount
    .metricErrors({ period, statistic: cloudwatch.Stats.SUM })
    .createAlarm(scope, 'AccountFunctionErrorsAlarm', {
      ...AT_LEAST_ONE,
      alarmDescription:
        "The MFA audit's account function failed: an IAM event re-check did not run, or an account's " +
        'report could not be stored. See the function logs.',
    });
  const notify = new SnsAction(topic);
  runFailed.addAlarmAction(notify);
  accountFunctionErrors.addAlarmAction(notify);
  return { runFailed, accountFunctionErrors };
}

/**
 * More console users without MFA than `threshold` in the last audit (in organization mode, over the
 * organization). The state follows the audits: between runs there is no data, which leaves it as
 * the last audit left it (ignore), so a standing finding notifies once, not after every gap. A
 * failed audit sends no count and leaves it too; the function and run alarms report failures.
 */
export function createViolationAlarm(
  scope: Construct,
  violations: cloudwatch.Metric,
  threshold: number,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = violations.with({ period: Duration.minutes(5) }).createAlarm(scope, 'ViolationAlarm', {
    threshold,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    alarmDescription: `The MFA audit found more than ${threshold} console users without MFA. See the findings on this topic.`,
  });
  alarm.addAlarmAction(new SnsAction(topic));
  return alarm;
}
