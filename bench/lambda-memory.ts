import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { SimulatedIamHandler } from '../tools/simulated-iam';
import { BENCH_TMP } from './child-runs';
import type { ProbePhase } from './memory-probe';
import type { Scenario } from './scenario';
import { buildScenario } from './scenario';
import { serveSimulator } from './simulator-http-server';

const REPO = resolve(__dirname, '..');

/** The account a memory run audits: N users, a share violating, and whether a report exists. */
export interface MemoryScenario {
  readonly users: number;
  readonly violationShare: number;
  /** `no-report`: IAM builds one during the audit. `stale`: one 2 h old, then 1% drift (refreshed). */
  readonly report: 'stale' | 'no-report';
}

export interface LambdaMemoryRun extends MemoryScenario {
  readonly violations: number;
  readonly found: number;
  readonly correct: boolean;
  readonly status: string;
  readonly apiCalls: number;
  readonly peakRssMb: number;
  /** RSS right after `require` of the bundle, before the handler runs. */
  readonly loadedRssMb: number;
  readonly realSeconds: number;
}

/** Runs the handler in the child: a dry run, as an on-demand invoke would. */
const CHILD = `
const { writeFileSync } = require('node:fs');
const [bundle, out] = process.argv.slice(1);
const t = process.hrtime.bigint();
const loadedRssMb = (require(bundle), process.memoryUsage().rss / 1048576);
require(bundle).handler({ dryRun: true }).then((report) => {
  writeFileSync(out, JSON.stringify({
    status: report.status,
    found: report.violations.map((v) => v.userName),
    apiCalls: Object.values(report.apiCalls).reduce((a, b) => a + b, 0),
    realSeconds: Number(process.hrtime.bigint() - t) / 1e9,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    loadedRssMb,
  }));
}, (err) => { console.error(err); process.exit(1); });
`;

/**
 * Peak RSS of the deployable bundle itself: the handler runs in a fresh process against the
 * simulated account served over HTTP (no latency or rate limit: memory is the question here), so
 * the figure holds the engine, the SDK and Node's HTTP stack, and nothing of the simulator.
 */
export async function measureLambdaMemory(
  bundle: string,
  spec: MemoryScenario,
  nodeFlags: readonly string[] = [],
): Promise<LambdaMemoryRun> {
  const out = outputFile('lambda-memory');
  const { scenario, output } = await runAgainstScenario(spec, out, [...nodeFlags, '-e', CHILD, bundle, out]);
  const result = output as {
    status: string;
    found: string[];
    apiCalls: number;
    realSeconds: number;
    peakRssMb: number;
    loadedRssMb: number;
  };
  return {
    ...spec,
    violations: scenario.truth.size,
    found: result.found.length,
    correct: sameSet(result.found, scenario.truth),
    status: result.status,
    apiCalls: result.apiCalls,
    peakRssMb: result.peakRssMb,
    loadedRssMb: result.loadedRssMb,
    realSeconds: result.realSeconds,
  };
}

/** Several runs of one configuration: the peak is the highest, every run's peak is kept. */
export async function measureLambdaMemoryRepeated(
  bundle: string,
  spec: MemoryScenario,
  nodeFlags: readonly string[],
  repeats: number,
): Promise<LambdaMemoryRun & { readonly peakRssRunsMb: readonly number[] }> {
  const runs: LambdaMemoryRun[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await measureLambdaMemory(bundle, spec, nodeFlags));
  const worst = runs.reduce((a, b) => (b.peakRssMb > a.peakRssMb ? b : a));
  return {
    ...worst,
    correct: runs.every((r) => r.correct),
    peakRssRunsMb: runs.map((r) => r.peakRssMb),
  };
}

/** RSS of a Node process that loads nothing, with `nodeFlags`: the floor under every figure. */
export function bareNodeRssMb(nodeFlags: readonly string[]): number {
  const out = spawnSync(
    process.execPath,
    [...nodeFlags, '-e', 'process.stdout.write(String(process.memoryUsage().rss / 1048576))'],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  if (out.status !== 0) throw new Error(`node ${nodeFlags.join(' ')} failed:\n${out.stderr}`);
  return Number(out.stdout);
}

export interface MemoryPhases {
  readonly users: number;
  readonly violationShare: number;
  readonly nodeFlags: readonly string[];
  readonly correct: boolean;
  readonly phases: readonly ProbePhase[];
}

/** bench/memory-probe.ts bundled as the handler is (minified, SDK inside), for a phase-by-phase look. */
export async function bundleMemoryProbe(target: string): Promise<string> {
  const outfile = join(BENCH_TMP, 'memory-probe.js');
  await build({
    entryPoints: [join(REPO, 'bench', 'memory-probe.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    target,
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

/** Runs the probe with --expose-gc (as Lambda's runtime does) and `nodeFlags`. */
export async function measureMemoryPhases(
  probe: string,
  users: number,
  violationShare: number,
  nodeFlags: readonly string[],
): Promise<MemoryPhases> {
  const out = outputFile('memory-phases');
  const { scenario, output } = await runAgainstScenario({ users, violationShare, report: 'no-report' }, out, [
    '--expose-gc',
    ...nodeFlags,
    probe,
    out,
  ]);
  const result = output as { phases: ProbePhase[]; found: string[] };
  return {
    users,
    violationShare,
    nodeFlags,
    correct: sameSet(result.found, scenario.truth),
    phases: result.phases,
  };
}

let outputs = 0;
/** A file of its own for each child: runs go two at a time. */
function outputFile(kind: string): string {
  outputs += 1;
  return join(BENCH_TMP, `${kind}-${process.pid}-${outputs}.json`);
}

/**
 * Serves a fresh scenario over local HTTP (in real time: a stale report is 2 h old by the clock)
 * and runs `node args` against it with production's environment variables; returns what the child
 * wrote.
 */
async function runAgainstScenario(
  spec: MemoryScenario,
  out: string,
  args: readonly string[],
): Promise<{ scenario: Scenario; output: unknown }> {
  const scenario = buildScenario({ ...spec, now: new Date() });
  const server = await serveSimulator(new SimulatedIamHandler({ account: scenario.account }));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_NO_WARNINGS: '1',
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIASIMULATED',
      AWS_SECRET_ACCESS_KEY: 'simulated',
      POWERTOOLS_DEV: 'false',
    };
    for (const key of ['TOPIC_ARN', 'AWS_PROFILE', 'AWS_SESSION_TOKEN', 'NODE_OPTIONS']) delete env[key];
    await new Promise<void>((resolvePromise, reject) => {
      // The handler logs its whole report (as in Lambda): kept out of the benchmark's output.
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolvePromise() : reject(new Error(`node ${args[0] ?? ''} failed:\n${err}`)),
      );
    });
  } finally {
    await server.close();
  }
  return { scenario, output: JSON.parse(readFileSync(out, 'utf8')) as unknown };
}

function sameSet(found: readonly string[], truth: ReadonlySet<string>): boolean {
  const set = new Set(found);
  return set.size === truth.size && [...truth].every((n) => set.has(n));
}
