/**
 * `npm run bench` (`-- --json` for one JSON object on the last line of stdout): ours against the
 * per-user and report-only approaches on simulated accounts of 100, 1,000 and 5,000 users, the
 * Lambda bundle's size, init time and memory, and a real-HTTP run against moto. Writes
 * bench/RESULTS.md. See results-markdown.ts for the method.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  LAMBDA_MEMORY_SIZES,
  lambdaNodeFlags,
  MEMORY_REPEATS,
  MOTO_USERS,
  SLOW_IAM_RATE,
  USER_COUNTS,
  VIOLATION_SHARES,
} from './assumptions';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../lambda/core/function-timeout';
import type { BenchResults, LambdaFigures } from './bench-results';
import { buildRunner, runAll } from './child-runs';
import { bundleLambda, measureInit } from './lambda-bundle';
import {
  bareNodeRssMb,
  bundleMemoryProbe,
  measureLambdaMemoryRepeated,
  measureMemoryPhases,
} from './lambda-memory';
import { describeMachine } from './machine';
import { benchOnMoto } from './moto-run';
import { benchOrganization } from './org-bench';
import { orgFigures } from './org-figures';
import { resultsMarkdown } from './results-markdown';
import type { RunConfig, RunResult } from './run-result';
import { checkTargets } from './targets';
import type { OrgBench, OrgRunResult } from './org-result';
import type { OrgFigures } from './org-figures';

const json = process.argv.includes('--json');
// With --json, stdout carries only the JSON object: progress goes to stderr.
const progress = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`);

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine();

  const at = (): string => `[${((performance.now() - started) / 1000).toFixed(0)} s]`;
  progress(`${at()} Simulated runs (one process each):`);
  const runs = await runAll(
    await buildRunner(),
    configurations(),
    Math.max(1, Math.min(2, machine.cores)),
    (r) => progress(describeRun(r)),
  );

  progress(
    `${at()} Organization: 1,000 simulated accounts, Distributed Map and one looping process (two processes)`,
  );
  const organization = await benchOrganization(progress);
  progress(describeOrganization(organization));

  progress(`${at()} Lambda bundle: size, init, memory`);
  const lambda = await lambdaFigures(Math.max(1, Math.min(2, machine.cores)));
  progress(`${at()} Moto: ${MOTO_USERS} users over real HTTP`);
  const moto = await benchOnMoto(MOTO_USERS, 0.01);

  const results: BenchResults = {
    machine,
    runs,
    lambda,
    moto,
    organization,
    benchSeconds: (performance.now() - started) / 1000,
  };
  const targets = checkTargets(results);
  const markdown = resultsMarkdown(results, targets);
  writeFileSync(join(__dirname, 'RESULTS.md'), markdown);
  progress(`Wrote bench/RESULTS.md in ${results.benchSeconds.toFixed(0)} s`);
  if (json) {
    const summary = {
      runs,
      bundleBytes: lambda.bundleBytes,
      initMs: lambda.initMs,
      lambdaMemory: lambda.memory,
      lambdaMemoryPhases: lambda.phases,
      moto,
      organization: {
        map: organizationSummary(organization.map),
        loop: organizationSummary(organization.loop),
        realSeconds: organization.realSeconds,
      },
      targets,
      machine,
      benchSeconds: results.benchSeconds,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(`\n${markdown}`);
  }
}

/** Heaviest first, so the two parallel workers finish together. */
function configurations(): RunConfig[] {
  const configs: RunConfig[] = [];
  for (const users of [...USER_COUNTS].reverse()) {
    for (const violationShare of [...VIOLATION_SHARES].reverse()) {
      for (const strategy of ['ours', 'per-user', 'report-only'] as const) {
        configs.push({ strategy, users, violationShare, scenario: 'stale' });
      }
    }
  }
  configs.push({ strategy: 'ours', users: 5000, violationShare: 0.01, scenario: 'no-report' });
  // IAM at half the assumed rate: 5,000 violators cannot be confirmed within the function's timeout.
  configs.unshift({
    strategy: 'ours',
    users: 5000,
    violationShare: 1,
    scenario: 'no-report',
    slowIam: { perSecond: SLOW_IAM_RATE, lambdaTimeoutSeconds: AUDIT_FUNCTION_TIMEOUT_SECONDS },
  });
  return configs;
}

interface MemoryConfig {
  readonly violationShare: number;
  readonly report: 'stale' | 'no-report';
  /** Runs (the peak moves with GC timing): MEMORY_REPEATS for the figures the verdicts rest on. */
  readonly repeats: number;
  /** Lambda function size whose Node flags to use; undefined: V8 defaults. */
  readonly lambdaMb?: number;
}

/**
 * The handler bundle at N=5,000 under the flags Lambda gives a 128 MB function (1% and 100%, and 1%
 * with a stale report), a 256 MB one and V8 defaults (1%). Kept few: each is a fresh process
 * auditing 5,000 users (the bench's run time is in RESULTS.md).
 */
function memoryConfigs(): MemoryConfig[] {
  const configs: MemoryConfig[] = [];
  const report = 'no-report';
  const [target, ...others] = LAMBDA_MEMORY_SIZES;
  configs.push({ violationShare: 0.01, report, lambdaMb: target, repeats: MEMORY_REPEATS });
  configs.push({ violationShare: 1, report, lambdaMb: target, repeats: 1 });
  for (const lambdaMb of [...others, undefined]) {
    configs.push({ violationShare: 0.01, report, lambdaMb, repeats: 1 });
  }
  // A report IAM reuses (2 h old): the refresh path, ListVirtualMFADevices and the U2F/hardware checks.
  configs.push({ violationShare: 0.01, report: 'stale', lambdaMb: target, repeats: 1 });
  // Heaviest first, so the two workers finish together.
  return configs.sort((a, b) => b.violationShare - a.violationShare);
}

async function lambdaFigures(parallel: number): Promise<LambdaFigures> {
  const bundle = await bundleLambda();
  const initLoadAverage = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  const init = measureInit(bundle.file);

  const memory = await pool(memoryConfigs(), parallel, async (c) => {
    const flags = c.lambdaMb === undefined ? [] : lambdaNodeFlags(c.lambdaMb);
    const spec = { users: 5000, violationShare: c.violationShare, report: c.report };
    const run = await measureLambdaMemoryRepeated(bundle.file, spec, flags, c.repeats);
    const heapLimits = c.lambdaMb === undefined ? 'none' : `Lambda ${c.lambdaMb} MB`;
    progress(
      `  N=5000 ${c.violationShare * 100}% ${c.report} ${heapLimits}: ` +
        `${run.peakRssRunsMb.map((x) => x.toFixed(0)).join(', ')} MB`,
    );
    return { ...run, heapLimits, nodeFlags: flags, bareNodeRssMb: bareNodeRssMb(flags) };
  });

  const probe = await bundleMemoryProbe(bundle.target);
  const phases = await measureMemoryPhases(probe, 5000, 0.01, lambdaNodeFlags(128));
  return {
    bundleBytes: bundle.bytes,
    target: bundle.target,
    initMs: init.medianMs,
    initSamplesMs: init.samplesMs,
    initLoadAverage,
    memory,
    phases,
  };
}

/** `fn` over `items`, `parallel` at a time, results in input order. */
async function pool<T, R>(items: readonly T[], parallel: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return results;
}

function describeRun(r: RunResult): string {
  return (
    `  ${r.strategy.padEnd(11)} N=${String(r.users).padEnd(4)} ${`${r.violationShare * 100}%`.padStart(4)} ` +
    `${r.scenario.padEnd(9)} calls=${r.apiCalls} throttled=${r.throttled} simulated=${r.simulatedSeconds.toFixed(1)}s ` +
    `misses=${r.misses} fp=${r.falsePositives} errors=${r.errors} rss=${r.peakRssMb.toFixed(0)}MB` +
    (r.slowIam ? ` (IAM at ${r.slowIam.perSecond}/s, time budget; unaccounted=${r.unaccounted})` : '')
  );
}

/** An organization run's figures with the count of its accounts in place of their 1,000 rows. */
function organizationSummary(r: OrgRunResult): Omit<OrgRunResult, 'accounts'> & {
  accounts: number;
  totals: OrgFigures;
} {
  return { ...r, accounts: r.accounts.length, totals: orgFigures(r) };
}

function describeOrganization(o: OrgBench): string {
  return (['map', 'loop'] as const)
    .map((mode) => {
      const r = o[mode];
      const f = orgFigures(r);
      return (
        `  ${mode.padEnd(4)} accounts=${f.accounts} simulated=${r.simulatedSeconds.toFixed(1)}s calls=${f.apiCalls} ` +
        `throttled=${f.throttled} slowest=${f.slowest.auditSeconds.toFixed(1)}s found=${f.found}/${f.violations} ` +
        `fp=${f.falsePositives} complete=${f.complete} cpu=${(r.cpuMs / 1000).toFixed(0)}s real=${r.realSeconds.toFixed(0)}s`
      );
    })
    .join('\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
