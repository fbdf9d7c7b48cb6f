import { Aws, CfnRule, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RECHECK_EVENT_NAMES } from '../lambda/handler/iam-event';
import { ConfigError } from '../lambda/settings/parse';

/** The only region whose default event bus receives IAM's CloudTrail events (IAM is global). */
export const IAM_EVENTS_REGION = 'us-east-1';

const HOW_TO_DEPLOY =
  `deploy the stack to ${IAM_EVENTS_REGION}, or turn the re-checks off ` +
  '(-c iamEventRechecks=false, or the iamEventRechecks: false prop); the daily audit works in any region';

/** The pattern of "AWS API Call via CloudTrail" events for the IAM calls that can change a verdict. */
export const IAM_EVENT_PATTERN: events.EventPattern = {
  source: ['aws.iam'],
  detailType: ['AWS API Call via CloudTrail'],
  detail: { eventSource: ['iam.amazonaws.com'], eventName: [...RECHECK_EVENT_NAMES] },
};

export interface IamEventRuleOptions {
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * The bus the rule listens on: the organization's central bus receives the member accounts'
   * forwarded IAM events (lib/organization/central-event-bus.ts).
   * @default - the account's default bus, where CloudTrail delivers the account's own IAM events
   */
  readonly eventBus?: events.IEventBus;
  /** @default 'IamEventRule' */
  readonly id?: string;
  /**
   * Ignore this account's events: on the central bus, the auditor's own account (whose events its
   * default-bus rule already re-checks) must not be re-checked twice, with two racing alerts.
   * @default - every account's events
   */
  readonly ignoreAccount?: string;
}

/**
 * Re-checks a user within minutes of an IAM call that can change the verdict (a password
 * created, an MFA device removed, an exemption tag changed) instead of at the next scheduled audit.
 * The function gets the event as EventBridge delivers it and parses it itself (lambda/iam-event.ts).
 */
export function createIamEventRule(
  scope: Construct,
  fn: lambda.IFunction,
  options: IamEventRuleOptions,
): events.Rule {
  return new events.Rule(scope, options.id ?? 'IamEventRule', {
    description: 'Re-checks IAM users for console access without MFA when IAM calls can change that',
    eventBus: options.eventBus,
    eventPattern: options.ignoreAccount
      ? { ...IAM_EVENT_PATTERN, account: events.Match.anythingBut(options.ignoreAccount) }
      : IAM_EVENT_PATTERN,
    targets: [
      new LambdaFunction(fn, {
        // Deliveries that still fail land in the schedule's dead-letter queue, whose alarm notifies
        // the topic. The function is invoked asynchronously, so only a failed hand-over to Lambda
        // (not a failed audit) is retried here.
        deadLetterQueue: options.deadLetterQueue,
        retryAttempts: 3,
        // A re-check an hour late is no longer near real time, and the daily audit covers the user.
        maxEventAge: Duration.hours(1),
      }),
    ],
  });
}

/**
 * CloudTrail delivers IAM's events only to the us-east-1 default bus: a rule elsewhere deploys
 * fine and never fires. A known region is checked at synth; an environment-agnostic stack gets a
 * CloudFormation rule, so deploying it to another region fails before any resource is created.
 */
export function requireIamEventsRegion(
  scope: Construct,
  feature: IamEventsFeature = {
    name: 'IAM event re-checks',
    setting: 'iamEventRechecks',
    howToDeploy: HOW_TO_DEPLOY,
  },
): void {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) {
    new CfnRule(scope, 'IamEventsRegionRule', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, IAM_EVENTS_REGION),
          assertDescription: `${feature.name} only work in ${IAM_EVENTS_REGION}: ${feature.howToDeploy}.`,
        },
      ],
    });
  } else if (region !== IAM_EVENTS_REGION) {
    throw new ConfigError(
      `${feature.setting} needs the stack in ${IAM_EVENTS_REGION}, the only region where CloudTrail ` +
        `delivers IAM events to EventBridge; the stack is in ${region}. To deploy: ${feature.howToDeploy}`,
    );
  }
}

/** What needs IAM's events (plural noun), its setting, and what to do in another region: for the messages. */
export interface IamEventsFeature {
  readonly name: string;
  readonly setting: string;
  readonly howToDeploy: string;
}
