import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { accountAdministersKey } from './key-policy';

/**
 * What publishing to a KMS-encrypted topic needs: SNS generates a data key and decrypts it with the
 * publisher's permissions ("The publisher must have the kms:GenerateDataKey and kms:Decrypt
 * permissions", Amazon SNS Developer Guide, "Key management"). Named exactly (not
 * `kms:GenerateDataKey*`, which `grantPublish` adds): no Allow statement of the stack has a
 * wildcard action.
 */
export const PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

export interface SlackTarget {
  /** Workspace id (T...) authorised once in the AWS Chatbot console. */
  readonly workspaceId: string;
  /** Channel id (C...); invite @aws to the channel. */
  readonly channelId: string;
}

export interface AlertTopicOptions {
  readonly emails: readonly string[];
  readonly slack?: SlackTarget;
}

export interface AlertTopic {
  readonly key: kms.Key;
  readonly topic: sns.Topic;
  readonly slackChannel?: chatbot.SlackChannelConfiguration;
}

export function createAlertTopic(scope: Construct, options: AlertTopicOptions): AlertTopic {
  const key = new kms.Key(scope, 'TopicKey', {
    description: 'Encrypts the MFA auditor findings topic',
    enableKeyRotation: true,
    policy: new iam.PolicyDocument({
      statements: [accountAdministersKey()],
    }),
    // SNS keeps no messages at rest, so nothing is left to decrypt once the stack is gone.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const topic = new sns.Topic(scope, 'Topic', {
    displayName: 'MFA auditor',
    masterKey: key,
    enforceSSL: true,
  });
  allowCloudWatchAlarms(key, topic);
  allowAccountPublishersViaSns(key);
  for (const email of options.emails) topic.addSubscription(new EmailSubscription(email));
  const slackChannel = options.slack ? createSlackChannel(scope, topic, options.slack) : undefined;
  return { key, topic, slackChannel };
}

/** Lets `grantee` publish to the topic: sns:Publish plus the key, named in both policies. */
export function grantPublish(topic: AlertTopic, grantee: iam.IGrantable): void {
  // Not topic.grantPublish(): it adds kms:GenerateDataKey*. The key policy also names the
  // publisher itself, so the function does not depend on the account's SNS-only statement.
  topic.topic.grants.actions(grantee, ['sns:Publish']);
  iam.Grant.addToPrincipalAndResource({
    grantee,
    actions: PUBLISH_KEY_ACTIONS,
    resourceArns: [topic.key.keyArn],
    resource: topic.key,
    resourceSelfArns: ['*'],
  });
}

/**
 * Lets principals of this account publish to the topic (the CLI's `--topic-arn`, a test publish
 * from the console): the account principal in a key policy grants no one by itself, it lets IAM
 * policies delegate these actions (AWS KMS Developer Guide, "Default key policy"). A publisher
 * therefore needs, in its IAM policy, sns:Publish on the topic and kms:GenerateDataKey and
 * kms:Decrypt on this key. Only through SNS in the stack's region (`kms:ViaService`; the
 * `.amazonaws.com` suffix holds in every partition) and only for callers of this account
 * (`kms:CallerAccount`), as AWS's own keys for services do: nobody can use the key directly.
 */
function allowAccountPublishersViaSns(key: kms.Key): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AccountPublishesViaSns',
      principals: [new iam.AccountRootPrincipal()],
      actions: PUBLISH_KEY_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:ViaService': `sns.${stack.region}.amazonaws.com`,
          'kms:CallerAccount': stack.account,
        },
      },
    }),
  );
}

/**
 * CloudWatch alarm actions publish as the cloudwatch.amazonaws.com service, which needs both the
 * topic policy (CDK's enforceSSL policy replaces SNS's default owner policy) and the key policy.
 * Conditions keep other accounts' alarms out (confused deputy).
 */
function allowCloudWatchAlarms(key: kms.Key, topic: sns.Topic): void {
  const stack = Stack.of(topic);
  const cloudwatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const sourceAccount = { 'aws:SourceAccount': stack.account };
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudwatch],
      actions: PUBLISH_KEY_ACTIONS,
      resources: ['*'],
      conditions: { StringEquals: sourceAccount },
    }),
  );
  const alarms = stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: '*',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsPublish',
      principals: [cloudwatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: sourceAccount, ArnLike: { 'aws:SourceArn': alarms } },
    }),
  );
}

function createSlackChannel(
  scope: Construct,
  topic: sns.Topic,
  slack: SlackTarget,
): chatbot.SlackChannelConfiguration {
  // Notifications need no permissions; an empty role means nobody can act on AWS from Slack.
  const role = new iam.Role(scope, 'SlackChannelRole', {
    assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
    description: 'MFA auditor Slack channel: receives notifications only, no permissions',
  });
  return new chatbot.SlackChannelConfiguration(scope, 'SlackChannel', {
    slackChannelConfigurationName: Names.uniqueResourceName(scope, {
      maxLength: 128,
      separator: '-',
      allowedSpecialCharacters: '-_',
    }),
    slackWorkspaceId: slack.workspaceId,
    slackChannelId: slack.channelId,
    notificationTopics: [topic],
    loggingLevel: chatbot.LoggingLevel.ERROR,
    // The default guardrail is AdministratorAccess: it caps what any channel member could do.
    guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
    role,
  });
}
