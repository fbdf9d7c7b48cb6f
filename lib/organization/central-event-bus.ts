import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { createIamEventRule } from '../iam-event-rule';
import { acknowledgeOrganizationIdNagFindings } from '../nag-suppressions';

export interface CentralEventBusOptions {
  /** The function that re-checks the users named in a forwarded IAM event, in `event.account`. */
  readonly fn: lambda.IFunction;
  /** Where deliveries to the function that still fail after retries go (alarmed by the caller). */
  readonly deadLetterQueue: sqs.IQueue;
}

export interface CentralEventBus {
  /** Receives the member accounts' forwarded IAM events; its ARN is the members' `CentralEventBusArn`. */
  readonly bus: events.EventBus;
  /** The IAM re-check rule on that bus, targeting the function. */
  readonly rule: events.Rule;
  /** The organization's id (`o-...`), resolved at deploy time. */
  readonly organizationId: string;
}

/**
 * The organization's event bus for IAM re-checks: member accounts' forwarding rules
 * (lib/organization/member-role-stack.ts) put their IAM events here, and a rule with the same
 * re-check pattern as the single-account one invokes the function.
 *
 * Its policy admits events:PutEvents from the organization only (aws:PrincipalOrgID). The
 * organization id is not known at synth, and synth takes no credentials and does no lookups, so it
 * is read at deploy time: a custom resource calls organizations:DescribeOrganization (which any
 * account of the organization may call, the management account or a delegated administrator
 * alike). The alternatives are worse: a required `organizationId` setting is one more value to
 * copy by hand and get wrong (a typo would silently drop every forwarded event), and
 * aws:PrincipalOrgPaths matched on the OU ids alone (any organization id before them) leans on OU
 * ids being unique across organizations, which AWS does not promise.
 */
export function createCentralEventBus(scope: Construct, options: CentralEventBusOptions): CentralEventBus {
  const bus = new events.EventBus(scope, 'OrganizationEventBus', {
    description: 'MFA auditor: IAM events forwarded from the member accounts of the organization',
  });
  const organizationId = readOrganizationId(scope);
  bus.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'OrganizationPutsEvents',
      actions: ['events:PutEvents'],
      // Principal "*" with aws:PrincipalOrgID: any principal of this organization, no one else.
      principals: [new iam.OrganizationPrincipal(organizationId)],
      resources: [bus.eventBusArn],
    }),
  );
  const rule = createIamEventRule(scope, options.fn, {
    deadLetterQueue: options.deadLetterQueue,
    eventBus: bus,
    id: 'OrganizationIamEventRule',
    // A delegated administrator under the target OUs gets the member stack too, and its forwarded
    // events would be re-checked a second time beside its own default-bus rule's.
    ignoreAccount: Stack.of(scope).account,
  });
  return { bus, rule, organizationId };
}

/** The organization id, read by a deploy-time DescribeOrganization call. */
function readOrganizationId(scope: Construct): string {
  const lookup = new Construct(scope, 'OrganizationId');
  // Its own role and log group instead of AWSLambdaBasicExecutionRole, which may write to every
  // log group of the account. This role is the custom-resource provider's, shared by every
  // AwsCustomResource of the stack (there is no other).
  // Not audit evidence (one DescribeOrganization per deploy): kept a month, deleted with the stack.
  const logGroup = new logs.LogGroup(lookup, 'Logs', {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(lookup, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'MFA auditor: reads the organization id for the central event bus policy',
  });
  logGroup.grantWrite(role);
  const describe: cr.AwsSdkCall = {
    service: 'Organizations',
    action: 'describeOrganization',
    // The id never changes: one physical resource, read again on every update.
    physicalResourceId: cr.PhysicalResourceId.of('organization'),
    outputPaths: ['Organization.Id'],
  };
  const resource = new cr.AwsCustomResource(lookup, 'Lookup', {
    onCreate: describe,
    onUpdate: describe,
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({
        actions: ['organizations:DescribeOrganization'],
        // DescribeOrganization has no resource type: "*" is the only resource it accepts.
        resources: ['*'],
      }),
    ]),
    role,
    logGroup,
    timeout: Duration.minutes(2),
    // The SDK the provider ships with: no download from npm at deploy time.
    installLatestAwsSdk: false,
  });
  acknowledgeOrganizationIdNagFindings(resource);
  return resource.getResponseField('Organization.Id');
}
