import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

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
  const atLeastOne = {
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  const functionErrors = fn
    .metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM })
    .createAlarm(scope, 'FunctionErrorsAlarm', {
      ...atLeastOne,
      alarmDescription: 'The MFA audit failed: no user has been judged compliant. See the function logs.',
    });
  const deadLetters = deadLetterQueue
    .metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    })
    .createAlarm(scope, 'DeadLetterAlarm', {
      ...atLeastOne,
      alarmDescription:
        'The schedule or the IAM event rule could not invoke the MFA audit function: an audit or ' +
        're-check did not run. See the dead-letter queue messages.',
    });
  const notify = new SnsAction(topic);
  functionErrors.addAlarmAction(notify);
  deadLetters.addAlarmAction(notify);
  return { functionErrors, deadLetters };
}
