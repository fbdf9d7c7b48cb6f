import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DUMMY_CREDENTIALS, REGION } from '../../../tools/moto/clients';
import { describeCommand, OutputTail } from '../../../tools/moto/run-command';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** The CLI the repository pins (what `npx cdk` runs), started with this Node, without npx or a shell. */
const CDK_BIN = join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

export interface CdkRun {
  /** The end of stdout and stderr, interleaved. */
  readonly output: string;
  readonly seconds: number;
}

export interface CdkOptions {
  /** Where cdk runs: the repository for the app's commands (cdk.json), any folder for bootstrap. */
  readonly cwd: string;
  /** The whole environment of the CLI (nothing is inherited but what the caller passes). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/**
 * Runs `cdk ARGS` to completion; rejects, with the command and the end of its output, when it
 * cannot start, exits non-zero or outlives the timeout (then it and its children are killed).
 */
export function runCdk(args: readonly string[], options: CdkOptions): Promise<CdkRun> {
  const shown = `cdk ${describeCommand(args[0] ?? '', args.slice(1))}`;
  if (!existsSync(CDK_BIN)) {
    return Promise.reject(new Error(`${shown}: ${CDK_BIN} is missing; run npm ci first`));
  }
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const tail = new OutputTail(8000);
    // Its own process group, so a timeout also ends what it started (the app's synth, esbuild).
    const child = spawn(process.execPath, [CDK_BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout.on('data', (c: Buffer) => tail.push(c));
    child.stderr.on('data', (c: Buffer) => tail.push(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }, options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${shown} could not be started: ${err.message}`));
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      if (exitCode === 0) return resolvePromise({ output: tail.toString(), seconds });
      const how = timedOut
        ? `did not finish within ${options.timeoutMs / 1000} s and was killed`
        : `exited with ${signal ?? `code ${String(exitCode)}`} after ${seconds.toFixed(1)} s`;
      reject(new Error(`${shown} ${how}. Last output:\n${tail.toString()}`));
    });
  });
}

/** The environment of a cdk CLI that can reach nothing but moto, with dummy credentials. */
export function cdkEnvironment(endpoint: string, workDir: string): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'npm_config_cache'];
  const inherited: Record<string, string> = {};
  for (const k of keep) {
    const value = process.env[k];
    if (value !== undefined) inherited[k] = value;
  }
  return {
    ...inherited,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    // No profile, config or credentials file of this machine can redirect the deploy.
    AWS_CONFIG_FILE: join(workDir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(workDir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CI: 'true',
    FORCE_COLOR: '0',
  };
}
