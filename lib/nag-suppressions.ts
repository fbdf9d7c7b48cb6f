import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface NagTargets {
  readonly functionRole: iam.Role;
  readonly fn: lambda.Function;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The audit's IAM read access, wherever a role holds it: the central function's role and each
 * member account's read role (lib/organization/member-role-stack.ts).
 */
const AUDIT_READ_WILDCARDS = [
  {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'iam:ListUsers, GenerateCredentialReport, GetCredentialReport, GetAccountSummary, ' +
      'ListAccountAliases and ListVirtualMFADevices have no resource type in IAM, so "*" is the only ' +
      'resource they accept.',
  },
  {
    // USERS_ARN in lib/audit-function.ts (MEMBER_USERS_ARN for members), as cdk-nag renders pseudo parameters.
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
    reason:
      'The audit must read the login profile, MFA devices and tags of every IAM user in the ' +
      'account, whatever their name or path: user/* is the narrowest resource that covers them.',
  },
];

/**
 * The cdk-nag AwsSolutions findings this design accepts. cdk-nag 3 reads CDK's own acknowledgements
 * (`Validations.of(x).acknowledge`), so the construct needs no cdk-nag import. Each is on the one
 * resource it concerns, and wildcard findings are acknowledged by their exact resource string, so
 * any new wildcard still fails the check.
 */
export function acknowledgeNagFindings(t: NagTargets): void {
  Validations.of(t.functionRole).acknowledge(...AUDIT_READ_WILDCARDS);
  const fnLogicalId = Stack.of(t.fn).getLogicalId(t.fn.node.defaultChild as lambda.CfnFunction);
  Validations.of(t.schedulerRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
    reason:
      'The scheduler target grants lambda:InvokeFunction on the function and on its versions and ' +
      'aliases (function ARN + ":*"); the wildcard stays within this one function.',
  });
  Validations.of(t.deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the EventBridge Scheduler schedule and of the ' +
      "IAM event rule's target; cdk-nag only recognises dead-letter queues named in another queue's " +
      'redrive policy.',
  });
}

/** The member account's read role: the same read access as the function's role. */
export function acknowledgeMemberRoleNagFindings(role: iam.Role): void {
  Validations.of(role).acknowledge(...AUDIT_READ_WILDCARDS);
}

/**
 * The deploy-time organization id lookup of lib/organization/central-event-bus.ts: on the
 * AwsCustomResource, whose own policy (CustomResourcePolicy) holds the call's permission.
 */
export function acknowledgeOrganizationIdNagFindings(lookup: Construct): void {
  Validations.of(lookup).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'organizations:DescribeOrganization has no resource type in IAM, so "*" is the only resource it accepts.',
  });
}
