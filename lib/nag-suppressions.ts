import type { CfnElement } from 'aws-cdk-lib';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct, IConstruct } from 'constructs';
import type { RunFunctions } from './organization/run-functions';
import { RUN_STATES } from './organization/run-state-machine';

export interface NagTargets {
  readonly functionRole: iam.Role;
  readonly fn: lambda.Function;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
}

/**
 * The audit's IAM read access, wherever a role holds it: the central function roles (single-account and organization account function) and each
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

/**
 * Enforcement (lib/enforcement.ts): the self-service MFA policy's own wildcards, all AWS's documented
 * example's, and the function's attach/detach on `user/*` (`attachDetach`, only with `enforcement: on`).
 */
export function acknowledgeEnforcementNagFindings(
  policy: iam.ManagedPolicy,
  attachDetach?: iam.Policy,
): void {
  Validations.of(policy).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'iam:GetAccountPasswordPolicy and iam:ListVirtualMFADevices have no resource type in IAM, so ' +
        '"*" is the only resource they accept; the Deny covers every action not listed, on "*" ' +
        "(AWS's documented self-service MFA policy).",
    },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:mfa/*]',
      reason:
        'The console lets a user name their virtual MFA device freely, so creating one cannot be ' +
        "pinned to the user's name; only EnableMFADevice, on the user's own user, assigns a device, " +
        "and without MFA deleting one stays denied (AWS's documented self-service MFA policy).",
    },
    {
      // cdk-nag renders the policy variable ${aws:username} as <aws:username>.
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:user/<aws:username>]',
      reason:
        "The account part only: ${aws:username} pins the actions to the signed-in user's own IAM " +
        "user, in the account whose user holds the policy (AWS's documented self-service MFA policy).",
    },
  );
  if (attachDetach) {
    Validations.of(attachDetach).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
      reason:
        'Enforcement attaches the self-service MFA policy to whichever console users are overdue ' +
        'and detaches it once they comply: those users are not known at synth. The iam:PolicyARN ' +
        'condition (ArnEquals) pins both actions to the one policy this stack creates.',
    });
  }
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

export interface OrganizationRunNagTargets {
  readonly bucket: s3.Bucket;
  readonly functions: RunFunctions;
  readonly stateMachine: sfn.StateMachine;
  readonly memberRoleName: string;
}

/**
 * The organization run's accepted findings (lib/organization/), each on the one role or resource
 * it concerns and, for wildcards, by its exact resource string.
 */
export function acknowledgeOrganizationRunNagFindings(t: OrganizationRunNagTargets): void {
  const stack = Stack.of(t.bucket);
  const logicalId = (c: IConstruct): string => stack.getLogicalId(c.node.defaultChild as CfnElement);
  const objects = (pattern: string): string => `Resource::<${logicalId(t.bucket)}.Arn>/${pattern}`;
  const { list, auditAccount, aggregate } = t.functions;

  Validations.of(t.bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      "Only this stack's three run functions and its state machine read or write the bucket, each " +
      "role limited to its own keys, and every run is in the state machine's execution log and the " +
      "functions' logs. Server access logs would need a second bucket, itself without access logs.",
  });
  Validations.of(list.role).acknowledge(
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'organizations:DescribeOrganization has no resource type; ListAccountsForParent and ' +
        "ListOrganizationalUnitsForParent take roots and OUs, whose ARNs name the organization's id " +
        '(unknown at synth) and which include OUs created after the deployment: "*" for read-only ' +
        "calls on the organization's tree.",
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/*/items.json')}]`,
      reason: 'The listing writes the items of each run, whose id is the execution name: one key per run.',
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/*/listing.json')}]`,
      reason: 'The listing writes the listing of each run, whose id is the execution name: one key per run.',
    },
  );
  Validations.of(auditAccount.role).acknowledge(
    ...AUDIT_READ_WILDCARDS,
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${t.memberRoleName}]`,
      reason:
        'The auditor assumes the member read role in every account under the target OUs: those ' +
        'accounts are not known at synth and change as accounts join. Only the role of that one ' +
        "name, and each member role's trust policy names this role alone.",
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/*/accounts/*')}]`,
      reason: "Each account's report, in the run it belongs to: runs/<runId>/accounts/<accountId>.json.",
    },
  );
  Validations.of(aggregate.role).acknowledge(
    {
      id: `AwsSolutions-IAM5[${objects('runs/*')}]`,
      reason:
        "The aggregation reads a run's listing, items, every account's report and the map's " +
        'result files (written under runs/results/ by Step Functions, under a map-run id).',
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/*/organization-report.json')}]`,
      reason: 'The organization report of each run, whose id is the execution name: one key per run.',
    },
  );

  const invokeAnyVersion = [list, auditAccount, aggregate].map((f) => ({
    id: `AwsSolutions-IAM5[Resource::<${logicalId(f.fn)}.Arn>:*]`,
    reason:
      'LambdaInvoke grants lambda:InvokeFunction on the function and on its versions and aliases ' +
      '(function ARN + ":*"); the wildcard stays within this one function.',
  }));
  Validations.of(t.stateMachine.role).acknowledge(
    ...invokeAnyVersion,
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Logging to CloudWatch Logs (logs:CreateLogDelivery and the other log-delivery calls) and ' +
        'X-Ray tracing (xray:PutTraceSegments, ...) accept no resource but "*".',
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/results/*')}]`,
      reason:
        "The map's ResultWriter writes manifest.json and the result files under a folder Step " +
        'Functions names after the map run: runs/results/<map run id>/.',
    },
    {
      id: `AwsSolutions-IAM5[${objects('runs/*/items.json')}]`,
      reason: "The map's ItemReader reads the run's own items.json, the key the listing returned.",
    },
  );
  // CDK's policy for a Distributed Map's child executions (DistributedMapPolicy).
  const executions = `${arnPrefix(stack, 'states')}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(t.stateMachine)}"}]}]}`;
  const distributedMapPolicy = t.stateMachine.node.tryFindChild('DistributedMapPolicy');
  if (distributedMapPolicy) {
    Validations.of(distributedMapPolicy).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${executions}:*]`,
        reason:
          "Describing and stopping this state machine's own executions, whose names are generated " +
          'per run: the wildcard stays within this state machine.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${executions}/${RUN_STATES.map}:*]`,
        reason:
          "Redriving the map's child executions of this state machine, named per map run: the " +
          'wildcard stays within this state machine.',
      },
    );
  }
}

/** `arn:<partition>:<service>:<region>` as cdk-nag renders it: literal when known, else the pseudo parameters. */
function arnPrefix(stack: Stack, service: string): string {
  const show = (value: string, pseudo: string): string =>
    Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
  return `arn:${show(stack.partition, 'Partition')}:${service}:${show(stack.region, 'Region')}`;
}
