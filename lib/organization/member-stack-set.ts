import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ConfigError } from '../../lambda/settings/parse';
import type { StackSetCallAs } from '../../lambda/settings/table';
import { IAM_EVENTS_REGION } from '../iam-event-rule';
import type { MfaAuditorMemberRoleStackProps } from './member-role-stack';
import {
  AUDITOR_ROLE_ARN_PARAMETER,
  CENTRAL_EVENT_BUS_ARN_PARAMETER,
  MEMBER_ROLE_STACK_ID,
  MfaAuditorMemberRoleStack,
} from './member-role-stack';

/** CloudFormation's limit on an inline TemplateBody, in bytes (a larger template needs S3: an asset). */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

/**
 * IAM is global, so one stack instance per account is enough for the role; us-east-1 is the only
 * region whose default bus receives IAM's CloudTrail events, which the forwarding rule needs.
 */
export const MEMBER_STACK_SET_REGIONS: readonly string[] = [IAM_EVENTS_REGION];

export interface MemberStackSetOptions {
  /** The central auditor role (the organization functions' role): the only principal members trust. */
  readonly auditorRole: iam.IRole;
  /** Organization root (r-...) or OU (ou-...) ids: every account under them gets the stack. */
  readonly organizationalUnitIds: readonly string[];
  /** The member role's name (the `memberRoleName` setting). */
  readonly roleName: string;
  /** Forward the members' IAM events to `centralEventBusArn` (the `forwardIamEvents` setting). */
  readonly forwardIamEvents: boolean;
  /** Member roles may import their account's findings (the `securityHub` setting). */
  readonly securityHub?: boolean;
  /** The central bus (lib/organization/central-event-bus.ts); required with forwardIamEvents. */
  readonly centralEventBusArn?: string;
  /** SELF from the management account, DELEGATED_ADMIN from a delegated administrator (`stackSetCallAs`). */
  readonly callAs: StackSetCallAs;
  /** @default `${stackName}-MemberRole` */
  readonly stackSetName?: string;
}

/**
 * The StackSet that gives every account under the OUs the member role (and, optionally, the IAM
 * event forwarding rule), now and whenever an account joins them. Service-managed: CloudFormation
 * uses the organization's trusted access, so no administration or execution role is created.
 */
export function createMemberStackSet(
  scope: Construct,
  options: MemberStackSetOptions,
): cloudformation.CfnStackSet {
  if (options.organizationalUnitIds.length === 0) {
    throw new ConfigError(
      'the member StackSet needs at least one organizationalUnitIds entry (an OU or root id)',
    );
  }
  if (options.forwardIamEvents && options.centralEventBusArn === undefined) {
    throw new ConfigError('forwardIamEvents needs the central event bus ARN for the member StackSet');
  }
  const templateBody = memberTemplateBody(
    {
      roleName: options.roleName,
      forwardIamEvents: options.forwardIamEvents,
      securityHub: options.securityHub,
    },
    // The same feature flags as the app deploying the StackSet.
    scope.node.getAllContext() as Record<string, unknown>,
  );
  const parameters = [
    { parameterKey: AUDITOR_ROLE_ARN_PARAMETER, parameterValue: options.auditorRole.roleArn },
  ];
  if (options.forwardIamEvents && options.centralEventBusArn !== undefined) {
    parameters.push({
      parameterKey: CENTRAL_EVENT_BUS_ARN_PARAMETER,
      parameterValue: options.centralEventBusArn,
    });
  }

  return new cloudformation.CfnStackSet(scope, 'MemberStackSet', {
    stackSetName: options.stackSetName ?? `${Stack.of(scope).stackName}-MemberRole`,
    description: 'MFA auditor: read-only role for the central audit in every account under the target OUs',
    permissionModel: 'SERVICE_MANAGED',
    callAs: options.callAs,
    // New accounts in the OUs get the role without anyone acting; an account that leaves them
    // loses it, so the central role keeps no access outside the audited OUs.
    autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
    // The role has a fixed name (the audit assumes it by name).
    capabilities: ['CAPABILITY_NAMED_IAM'],
    // Every account at once, and one account that cannot take the stack (an SCP, a name clash)
    // never stops the others: the audit reports that account as not audited, naming
    // sts:AssumeRole, so a failure here is never silent. SOFT keeps concurrency at 100% however
    // many fail (STRICT would slow down to failure tolerance + 1).
    operationPreferences: {
      regionConcurrencyType: 'PARALLEL',
      maxConcurrentPercentage: 100,
      failureTolerancePercentage: 100,
      concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    },
    // Queues a second operation (an update while auto-deployment runs) instead of failing it.
    managedExecution: { Active: true },
    stackInstancesGroup: [
      {
        deploymentTargets: { organizationalUnitIds: [...options.organizationalUnitIds] },
        regions: [...MEMBER_STACK_SET_REGIONS],
      },
    ],
    parameters,
    templateBody,
  });
}

/**
 * The member stack's template as a JSON string. It is synthesized in an App of its own: a StackSet
 * takes a template, not a nested construct tree. The stack's BootstraplessSynthesizer refuses
 * assets (a StackSet deploys none) and adds no bootstrap-version rule, whose SSM parameter does
 * not exist in member accounts.
 */
export function memberTemplateBody(
  props: Pick<MfaAuditorMemberRoleStackProps, 'roleName' | 'forwardIamEvents' | 'securityHub'>,
  context: Record<string, unknown> = {},
): string {
  // An explicit folder: under `cdk synth`, an App's default outdir is the CLI's cdk.out, whose
  // manifest this App would overwrite.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-auditor-member-'));
  try {
    const app = new App({
      outdir,
      context,
      analyticsReporting: false,
      // After the CLI's context: no aws:cdk:path metadata on every resource of a template that
      // goes to thousands of accounts and must stay under the TemplateBody limit.
      postCliContext: { 'aws:cdk:enable-path-metadata': false },
    });
    const stack = new MfaAuditorMemberRoleStack(app, MEMBER_ROLE_STACK_ID, {
      ...props,
      analyticsReporting: false,
    });
    const template = app.synth().getStackArtifact(stack.artifactId).template as unknown;
    const body = JSON.stringify(template);
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > TEMPLATE_BODY_MAX_BYTES) {
      throw new Error(
        `the member template is ${bytes} bytes, over CloudFormation's ${TEMPLATE_BODY_MAX_BYTES}-byte TemplateBody limit`,
      );
    }
    return body;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
