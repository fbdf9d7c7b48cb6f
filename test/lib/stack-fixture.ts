import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { MfaAuditorStack } from '../../lib/mfa-auditor-stack';

/** The feature flags `cdk synth` runs with, so tests see the template that deploys. */
const CDK_JSON_CONTEXT = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** The stack as bin/app.ts builds it, with extra context as `-c key=value` would give it. */
export function buildStack(context: Record<string, unknown> = {}): MfaAuditorStack {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...context } });
  return new MfaAuditorStack(app, 'MfaAuditor', { env: { region: 'us-east-1' } });
}
