import type { StackProps } from 'aws-cdk-lib';
import { Aws, BootstraplessSynthesizer, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { readSetting } from '../../lambda/settings/parse';
import { SETTINGS } from '../../lambda/settings/table';
import { MEMBER_IAM_ACTIONS } from '../iam-actions';
import { securityHubStatements } from '../security-hub-access';
import { IAM_EVENT_PATTERN, IAM_EVENTS_REGION, requireIamEventsRegion } from '../iam-event-rule';
import { acknowledgeMemberRoleNagFindings } from '../nag-suppressions';

/** The template's parameters, named here once for the StackSet that fills them in. */
export const AUDITOR_ROLE_ARN_PARAMETER = 'AuditorRoleArn';
export const CENTRAL_EVENT_BUS_ARN_PARAMETER = 'CentralEventBusArn';

/** The id of the standalone stack (bin/app.ts): `npx cdk deploy MfaAuditorMemberRole`. */
export const MEMBER_ROLE_STACK_ID = 'MfaAuditorMemberRole';

/**
 * CloudFormation AllowedPatterns (whole-value matches), so a wrong ARN fails the stack instance
 * before anything is created instead of deploying a role that nobody can assume. Any partition;
 * role names may carry a path (`role/path/name`).
 */
export const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$';
export const EVENT_BUS_ARN_PATTERN =
  '^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._-]{1,256}$';

/**
 * Each IAM user of the member account, whatever its path: the pseudo parameters make the one
 * template right in every account of the StackSet (and in any partition).
 */
const MEMBER_USERS_ARN = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/*`;

export interface MfaAuditorMemberRoleStackProps extends StackProps {
  /**
   * Name of the read-only role (the `memberRoleName` setting): the audit assumes it by this name.
   * @default SETTINGS.memberRoleName.default ('MfaAuditorReadRole')
   */
  readonly roleName?: string;
  /**
   * Forward this account's IAM events (the re-check pattern) to the central bus, adding the
   * `CentralEventBusArn` parameter (the `forwardIamEvents` setting).
   * @default false
   */
  readonly forwardIamEvents?: boolean;
  /**
   * Let the auditor import this account's findings into its Security Hub (the `securityHub`
   * setting): Security Hub takes an account's findings from that account only.
   * @default false
   */
  readonly securityHub?: boolean;
}

/**
 * What every member account gets: a role that only the central auditor role may assume, with
 * exactly the audit's IAM read actions, and (optionally) a rule forwarding IAM events to the
 * central bus. It is the template of the member StackSet (lib/organization/member-stack-set.ts),
 * so it has no assets; it also deploys on its own to the management account, where a
 * service-managed StackSet never deploys.
 */
export class MfaAuditorMemberRoleStack extends Stack {
  readonly role: iam.Role;
  readonly auditorRoleArn: CfnParameter;
  /** Only with forwardIamEvents. */
  readonly centralEventBusArn?: CfnParameter;
  /** Only with forwardIamEvents. */
  readonly forwardingRule?: events.Rule;
  /** The role EventBridge uses to put events on the central bus; only with forwardIamEvents. */
  readonly forwardingRole?: iam.Role;

  constructor(scope: Construct, id: string, props: MfaAuditorMemberRoleStackProps = {}) {
    // No bootstrap resources needed: member accounts (and a management account that runs no
    // auditor) are never bootstrapped, a StackSet deploys no assets, and the template is small
    // enough for `cdk deploy` to pass inline. The synthesizer also refuses any asset.
    super(scope, id, { ...props, synthesizer: props.synthesizer ?? new BootstraplessSynthesizer() });
    const roleName = readSetting('memberRoleName', 'prop', props.roleName ?? SETTINGS.memberRoleName.default);

    this.auditorRoleArn = new CfnParameter(this, AUDITOR_ROLE_ARN_PARAMETER, {
      type: 'String',
      description:
        "ARN of the central MFA auditor's role, the only principal that may assume the member role",
      allowedPattern: ROLE_ARN_PATTERN,
      constraintDescription: 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/name',
    });

    this.role = new iam.Role(this, 'ReadRole', {
      roleName,
      description: props.securityHub
        ? "MFA auditor: read-only IAM audit of this account, and import of its findings into this account's Security Hub; assumed only by the central auditor role"
        : 'MFA auditor: read-only IAM audit of this account, assumed only by the central auditor role',
      // An ARN principal, not the account: no other role or user of the auditor's account may assume it.
      assumedBy: new iam.ArnPrincipal(this.auditorRoleArn.valueAsString),
      // One audit fits well inside an hour (the function's timeout is 15 minutes); credentials
      // never outlive it by much.
      maxSessionDuration: Duration.hours(1),
      // Inline, in the role itself: the role and its permissions appear and go together, so the
      // audit never assumes a role that does not yet hold them.
      inlinePolicies: {
        MfaAuditRead: auditReadPolicy(),
        // In whichever region the auditor runs: the role is global, the hub regional.
        ...(props.securityHub
          ? { MfaAuditSecurityHub: new iam.PolicyDocument({ statements: securityHubStatements('*') }) }
          : {}),
      },
    });
    acknowledgeMemberRoleNagFindings(this.role);

    if (props.forwardIamEvents) {
      // The central bus only sees what CloudTrail delivers to this account's us-east-1 default bus.
      requireIamEventsRegion(this, {
        name: 'Forwarded IAM events',
        setting: 'forwardIamEvents',
        howToDeploy: `deploy the member stack to ${IAM_EVENTS_REGION}, or turn forwarding off (forwardIamEvents=false)`,
      });
      this.centralEventBusArn = new CfnParameter(this, CENTRAL_EVENT_BUS_ARN_PARAMETER, {
        type: 'String',
        description: "ARN of the central MFA auditor's event bus that receives this account's IAM events",
        allowedPattern: EVENT_BUS_ARN_PATTERN,
        constraintDescription:
          'must be an EventBridge event bus ARN such as arn:aws:events:us-east-1:123456789012:event-bus/name',
      });
      const centralBus = events.EventBus.fromEventBusArn(
        this,
        'CentralEventBus',
        this.centralEventBusArn.valueAsString,
      );
      // The central bus admits the organization (aws:PrincipalOrgID), not this account by id, and
      // EventBridge then requires a role on the target: "If you grant permissions using an
      // organization, then accounts in that organization must specify a RoleArn with proper
      // permissions when they use PutTargets" (EventBridge API reference, PutPermission).
      this.forwardingRole = new iam.Role(this, 'ForwardingRole', {
        description: "MFA auditor: EventBridge puts this account's IAM events on the central bus",
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
          // Confused deputy: only EventBridge acting for this account's rules.
          conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
        }),
      });
      this.forwardingRule = new events.Rule(this, 'ForwardIamEvents', {
        description: "Forwards IAM calls that can change an MFA verdict to the central MFA auditor's bus",
        eventPattern: IAM_EVENT_PATTERN,
        // The target grants the role events:PutEvents on exactly the central bus.
        // No dead-letter queue here: nobody in the member account would read it, and the daily
        // audit covers any re-check that did not arrive.
        targets: [new targets.EventBus(centralBus, { role: this.forwardingRole })],
      });
    }
  }
}

/** The audit's IAM read actions (lib/iam-actions.ts), each at the narrowest resource IAM accepts. */
function auditReadPolicy(): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'ReadAccountWide',
        actions: [...MEMBER_IAM_ACTIONS.accountWide],
        // These actions have no resource type in IAM: "*" is the only resource they accept.
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ReadEveryUser',
        actions: [...MEMBER_IAM_ACTIONS.perUser],
        resources: [MEMBER_USERS_ARN],
      }),
    ],
  });
}
