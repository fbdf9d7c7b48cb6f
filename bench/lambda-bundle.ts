import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { BENCH_TMP } from './child-runs';

const REPO = resolve(__dirname, '..');

export interface LambdaBundle {
  readonly file: string;
  readonly bytes: number;
  readonly target: string;
}

/**
 * The deployable artifact as the spec asks for it: lambda/handler/handler.ts bundled and minified for the
 * Node 24 runtime, CommonJS, with nothing external but Node's built-ins (esbuild's platform
 * `node` leaves those out): the AWS SDK v3 is bundled, not assumed present in the runtime.
 */
export async function bundleLambda(): Promise<LambdaBundle> {
  const file = join(BENCH_TMP, 'lambda', 'handler.js');
  const target = 'node24';
  await build({
    entryPoints: [join(REPO, 'lambda', 'handler', 'handler.ts')],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target,
    format: 'cjs',
    external: [],
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size, target };
}

/**
 * Module init: the time `require` of the bundle takes inside a fresh Node process (what a cold
 * start pays before the handler runs), measured in-process around the require, median of `runs`.
 */
export function measureInit(file: string, runs = 10): { medianMs: number; samplesMs: number[] } {
  const script =
    'const t = process.hrtime.bigint(); require(process.argv[1]);' +
    'process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));';
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  delete env.TOPIC_ARN;
  const samplesMs = Array.from({ length: runs }, () => {
    const out = spawnSync(process.execPath, ['-e', script, file], { env, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`requiring ${file} failed:\n${out.stderr}`);
    return Number(out.stdout);
  });
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { medianMs, samplesMs };
}
