import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from 'aws-cdk-lib';
import { App } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import { MfaAuditorStack } from '../../lib/mfa-auditor-stack';

/** The feature flags `cdk synth` runs with, so tests see the template that deploys. */
export const CDK_JSON_CONTEXT = (
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/**
 * Bundle no stack: the asset-staging step skips the `bundling` of every asset in a stack whose path
 * matches none of these patterns (core `Stack.bundlingRequired`), which is how `cdk synth
 * --exclusively` skips other stacks' bundling. NodejsFunction's esbuild run is such a step, so the
 * function's code is the unbundled project folder under a placeholder hash: the template is the
 * one that deploys, minus the asset hash, in ~1 s instead of one esbuild run per synth. The real
 * bundle is built, deployed and run by test/integration/deploy.test.ts.
 */
const NO_BUNDLING = { [BUNDLING_STACKS]: [] };

/**
 * The stack as bin/app.ts builds it, with extra context as `-c key=value` would give it. `env`
 * replaces bin/app.ts's us-east-1; `{}` gives an environment-agnostic stack.
 */
export function buildStack(
  context: Record<string, unknown> = {},
  env: Environment = { region: 'us-east-1' },
): MfaAuditorStack {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, ...NO_BUNDLING, ...context } });
  return new MfaAuditorStack(app, 'MfaAuditor', { env });
}
