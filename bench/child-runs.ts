import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { RunConfig, RunResult } from './run-result';
import { PROGRESS_PREFIX } from './run-result';

const REPO = resolve(__dirname, '..');
/** Git-ignored scratch space for build outputs. */
export const BENCH_TMP = join(REPO, '.bench-tmp');

/**
 * Bundles one-run.ts into plain JavaScript once, so each run's process is bare `node` on one file:
 * no TypeScript loader in the process inflating its RSS or start-up time.
 */
export function buildRunner(): Promise<string> {
  return bundleEntry('one-run');
}

/** Bundles bench/<name>.ts to .bench-tmp/<name>.js (see buildRunner) and returns its path. */
export async function bundleEntry(name: string): Promise<string> {
  // `.js`, not `.cjs`: ESLint's flat config ignores **/*.js, so `npm run lint` never reads the bundle.
  const outfile = join(BENCH_TMP, `${name}.js`);
  await build({
    entryPoints: [join(REPO, 'bench', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

/** Runs every configuration in its own process, `parallel` at a time, results in input order. */
export async function runAll(
  runner: string,
  configs: readonly RunConfig[],
  parallel: number,
  onDone: (result: RunResult) => void,
): Promise<RunResult[]> {
  const results = new Array<RunResult>(configs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < configs.length) {
      const i = next++;
      const result = await runOne(runner, configs[i] as RunConfig);
      results[i] = result;
      onDone(result);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

function runOne(runner: string, config: RunConfig): Promise<RunResult> {
  return runJsonChild<RunResult>(runner, config);
}

/**
 * Runs `node runner JSON.stringify(arg)` and resolves with the JSON object on the last line of its
 * stdout; rejects with its output if it fails.
 */
export function runJsonChild<T>(
  runner: string,
  arg: unknown,
  onProgress?: (line: string) => void,
): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    // The SDK's Node-version notice is not a result; everything else on stderr is kept for errors.
    const child = spawn(process.execPath, [runner, JSON.stringify(arg)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    let err = '';
    let pending = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      pending += c.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(PROGRESS_PREFIX)) onProgress?.(line.slice(PROGRESS_PREFIX.length));
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`run ${JSON.stringify(arg)} failed (exit ${String(code)}):\n${err}${out}`));
        return;
      }
      resolvePromise(JSON.parse(last) as T);
    });
  });
}
