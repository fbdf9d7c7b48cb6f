import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { readAuditorContext } from './context';
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
  }
}
