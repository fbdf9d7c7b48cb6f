import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { readAuditorContext } from './context';
import type { OrganizationMembers, OrganizationRun } from './mfa-auditor';
import { MfaAuditor } from './mfa-auditor';

/** One MFA auditor per account, configured from CDK context (see lib/context.ts). */
export class MfaAuditorStack extends Stack {
  readonly auditor: MfaAuditor;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Context keys and props are the same settings under the same names (lambda/settings/table.ts).
    const { slackWorkspaceId, slackChannelId, ...context } = readAuditorContext(this.node);
    this.auditor = new MfaAuditor(this, 'MfaAuditor', {
      ...context,
      slack:
        slackWorkspaceId && slackChannelId
          ? { workspaceId: slackWorkspaceId, channelId: slackChannelId }
          : undefined,
    });

    new CfnOutput(this, 'TopicArn', {
      description: 'SNS topic that receives the findings; subscribe more endpoints here',
      value: this.auditor.topic.topicArn,
    });
    new CfnOutput(this, 'FunctionName', {
      description: 'The audit function; invoke it for an on-demand audit',
      value: this.auditor.function.functionName,
    });
    new CfnOutput(this, 'DryRunCommand', {
      description: 'On-demand audit that publishes nothing and prints the AuditReport JSON',
      value:
        `aws lambda invoke --region ${this.region} --function-name ${this.auditor.function.functionName} ` +
        `--cli-binary-format raw-in-base64-out --payload '{"dryRun":true}' /dev/stdout`,
    });
    new CfnOutput(this, 'EnforcePolicyArn', {
      description:
        'The self-service MFA policy enforcement attaches to overdue users (CLI --enforce-policy-arn; ' +
        'detach it to undo, README "Enforcement")',
      value: this.auditor.enforcementPolicy.managedPolicyArn,
    });
    if (this.auditor.organization) this.addOrganizationOutputs(this.auditor.organization);
  }

  private addOrganizationOutputs(organization: OrganizationRun & OrganizationMembers): void {
    new CfnOutput(this, 'StateMachineArn', {
      description: 'The organization run: lists the accounts, audits each, aggregates and alerts',
      value: organization.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'ReportBucketName', {
      description:
        "Each run's account list, account reports and organization report, under runs/<execution name>/",
      value: organization.bucket.bucketName,
    });
    new CfnOutput(this, 'AuditorRoleArn', {
      description: "The role every member account's read role must trust (the StackSet's AuditorRoleArn)",
      value: organization.auditorRole.roleArn,
    });
    new CfnOutput(this, 'MemberStackSetName', {
      description: 'The StackSet that gives every account under the OUs the read role',
      value: organization.memberStackSet.stackSetName,
    });
    if (organization.centralEventBus) {
      new CfnOutput(this, 'CentralEventBusArn', {
        description: "Member accounts forward their IAM events here (the member stack's CentralEventBusArn)",
        value: organization.centralEventBus.bus.eventBusArn,
      });
    }
    new CfnOutput(this, 'StartRunCommand', {
      description: 'Starts an organization run now; the execution name becomes the run id',
      value:
        `aws stepfunctions start-execution --region ${this.region} ` +
        `--state-machine-arn ${organization.stateMachine.stateMachineArn} --input '{}'`,
    });
  }
}
