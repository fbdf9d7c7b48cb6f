import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseAuditorContext } from '../lib/context';
import { IAM_EVENTS_REGION } from '../lib/iam-event-rule';
import { MfaAuditorStack } from '../lib/mfa-auditor-stack';
import { MEMBER_ROLE_STACK_ID, MfaAuditorMemberRoleStack } from '../lib/organization/member-role-stack';
import { ConfigError } from '../lambda/settings/parse';

const app = new App();
try {
  new MfaAuditorStack(app, 'MfaAuditor', {
    description: 'MFA auditor: finds IAM users with a console password and no MFA device',
    // IAM is global, and CloudTrail delivers IAM's events only in us-east-1, where the re-check rule
    // must live (the construct refuses another region unless -c iamEventRechecks=false). No account:
    // synth needs no credentials, and the template deploys to whichever account the CLI selects.
    env: { region: IAM_EVENTS_REGION },
  });
  // Organization mode: a service-managed StackSet never deploys to the management account, so
  // that account gets the same member role (and forwarding rule) from this stack when the auditor
  // runs elsewhere: `npx cdk deploy MfaAuditorMemberRole --parameters AuditorRoleArn=...`
  // (plus CentralEventBusArn=... with forwardIamEvents). `cdk deploy MfaAuditor` deploys only the
  // auditor.
  const { organizationalUnitIds, memberRoleName, forwardIamEvents, securityHub } = parseAuditorContext(
    app.node.getAllContext() as Record<string, unknown>,
  );
  if (organizationalUnitIds.length > 0) {
    new MfaAuditorMemberRoleStack(app, MEMBER_ROLE_STACK_ID, {
      description:
        "MFA auditor member role: read-only IAM audit of this account by the organization's auditor",
      env: { region: IAM_EVENTS_REGION },
      roleName: memberRoleName,
      forwardIamEvents,
      securityHub,
    });
  }
} catch (err) {
  // A bad context value: say which, without a stack trace that buries the message.
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Invalid configuration: ${err.message}`);
  process.exit(1);
}
// Every synth is checked and fails on a finding; the accepted ones are acknowledged, with reasons,
// in lib/nag-suppressions.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
