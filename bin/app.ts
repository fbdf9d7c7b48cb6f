import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IAM_EVENTS_REGION } from '../lib/iam-event-rule';
import { MfaAuditorStack } from '../lib/mfa-auditor-stack';
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
} catch (err) {
  // A bad context value: say which, without a stack trace that buries the message.
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Invalid configuration: ${err.message}`);
  process.exit(1);
}
// Every synth is checked and fails on a finding; the accepted ones are acknowledged, with reasons,
// in lib/nag-suppressions.ts.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
