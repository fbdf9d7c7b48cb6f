import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface NpmResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Runs `npm ARGS` in the repository as a user would, with `env` added to the environment. */
export function runNpm(args: readonly string[], env: Readonly<Record<string, string>>): Promise<NpmResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (exitCode) => resolvePromise({ exitCode, stdout, stderr }));
  });
}
