import type { Environment } from 'aws-cdk-lib';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { StackSetCallAs } from '../../lambda/settings/table';
import type { CentralEventBus } from '../../lib/organization/central-event-bus';
import { createCentralEventBus } from '../../lib/organization/central-event-bus';
import type { MfaAuditorMemberRoleStackProps } from '../../lib/organization/member-role-stack';
import { MEMBER_ROLE_STACK_ID, MfaAuditorMemberRoleStack } from '../../lib/organization/member-role-stack';
import { createMemberStackSet } from '../../lib/organization/member-stack-set';
import { CDK_JSON_CONTEXT } from './stack-fixture';

export const OU_IDS = ['ou-ab12-cd34ef56', 'r-ab12'];

/** The member stack as `cdk synth` builds it (cdk.json's feature flags); no env, as in the StackSet. */
export function buildMemberStack(
  props: MfaAuditorMemberRoleStackProps = {},
  env?: Environment,
): MfaAuditorMemberRoleStack {
  const app = new App({ context: CDK_JSON_CONTEXT });
  return new MfaAuditorMemberRoleStack(app, MEMBER_ROLE_STACK_ID, { ...props, env });
}

export interface CentralFixture {
  readonly stack: Stack;
  readonly auditorRole: iam.Role;
  readonly fn: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;
  readonly central?: CentralEventBus;
}

/**
 * A central stack holding what the MfaAuditor construct will: the auditor role and function, a
 * dead-letter queue, the member StackSet and (with forwardIamEvents) the central bus. The function
 * is a stand-in (inline code, no asset) for the organization function.
 */
export function buildCentralStack(options: {
  readonly forwardIamEvents: boolean;
  readonly callAs?: StackSetCallAs;
  readonly roleName?: string;
}): CentralFixture {
  const app = new App({ context: CDK_JSON_CONTEXT });
  const stack = new Stack(app, 'Central', { env: { region: 'us-east-1' } });
  const auditorRole = new iam.Role(stack, 'AuditorRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  const fn = new lambda.Function(stack, 'Function', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    role: auditorRole,
  });
  const deadLetterQueue = new sqs.Queue(stack, 'DeadLetters', { enforceSSL: true });
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'Test fixture: this queue is itself the dead-letter queue of the rule target.',
  });
  const central = options.forwardIamEvents
    ? createCentralEventBus(stack, { fn, deadLetterQueue })
    : undefined;
  createMemberStackSet(stack, {
    auditorRole,
    organizationalUnitIds: OU_IDS,
    roleName: options.roleName ?? 'MfaAuditorReadRole',
    forwardIamEvents: options.forwardIamEvents,
    centralEventBusArn: central?.bus.eventBusArn,
    callAs: options.callAs ?? 'SELF',
  });
  return { stack, auditorRole, fn, deadLetterQueue, central };
}
