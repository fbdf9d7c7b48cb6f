import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { MfaAuditorStack } from '../../lib/mfa-auditor-stack';

/** The feature flags `cdk synth` runs with, so tests see the template that deploys. */
const CDK_JSON_CONTEXT = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * The stack as bin/app.ts builds it, with extra context as `-c key=value` would give it. `env`
 * replaces bin/app.ts's us-east-1; `{}` gives an environment-agnostic stack.
 */
export function buildStack(
  context: Record<string, unknown> = {},
  env: Environment = { region: 'us-east-1' },
): MfaAuditorStack {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...context } });
  return new MfaAuditorStack(app, 'MfaAuditor', { env });
}
