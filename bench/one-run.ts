/**
 * Runs one benchmark configuration and prints its RunResult as JSON on the last line of stdout.
 * Started in a fresh process per configuration (see child-runs.ts), so peak RSS is this run's own.
 */
import { getHeapStatistics } from 'node:v8';
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { auditAccount } from '../lambda/wiring/audit-account';
import { ApiCallCounter } from '../lambda/aws/api-call-counter';
import { DEFAULT_SETTINGS } from '../lambda/settings/table';
import { liveCheckDeadline } from '../lambda/core/time-budget';
import {
  SeededRandom,
  SimulatedAccount,
  SimulatedIamHandler,
  simulatedIamClient,
} from '../tools/simulated-iam';
import { runOnVirtualClock, VIRTUAL_EPOCH } from '../tools/virtual-time';
import { ASSUMED_LATENCY_MS, ASSUMED_RATE_LIMIT, ASSUMED_REPORT_GENERATION_MS } from './assumptions';
import { perUserAudit } from './naive-per-user';
import { reportOnlyAudit } from './naive-report-only';
import type { RunConfig, RunResult } from './run-result';
import { buildScenario } from './scenario';
import type { StrategyOutcome } from './strategy-outcome';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as RunConfig;
  // The SDK's retry backoff is jittered with Math.random: seeded, every run repeats exactly.
  const random = new SeededRandom(7);
  Math.random = () => random.next();
  const scenario = buildScenario({
    users: config.users,
    violationShare: config.violationShare,
    report: config.scenario,
    now: VIRTUAL_EPOCH,
    reportGenerationMs: ASSUMED_REPORT_GENERATION_MS,
  });
  const memory = { baselineRss: process.memoryUsage().rss, peakHeap: 0 };
  // getHeapStatistics is cheap; process.memoryUsage() reads /proc and showed up in profiles.
  const sampleMemory = (): void => {
    memory.peakHeap = Math.max(memory.peakHeap, getHeapStatistics().used_heap_size);
  };

  const cpuBefore = process.cpuUsage();
  const realBefore = performance.now();
  // The SDK reads its shared config files (real I/O) on a client's first call and caches them for
  // every client. Done here, before the virtual clock, so the measured run's first call has no real
  // I/O pending: the clock jumps to the next timer when the program looks idle, and with the audit's
  // deadline timer set that would be the deadline.
  await simulatedIamClient(new SimulatedIamHandler({ account: new SimulatedAccount() })).send(
    new GetAccountSummaryCommand({}),
  );
  const run = await runOnVirtualClock(
    async () => {
      const handler = new SimulatedIamHandler({
        account: scenario.account,
        latencyMs: ASSUMED_LATENCY_MS,
        rateLimit: config.slowIam
          ? { perSecond: config.slowIam.perSecond, burst: config.slowIam.perSecond }
          : ASSUMED_RATE_LIMIT,
      });
      const client = simulatedIamClient(handler);
      const counter = new ApiCallCounter();
      counter.attach(client);
      const outcome = await runStrategy(config, client, counter);
      sampleMemory();
      return { outcome, counts: counter.snapshot(), stats: handler.stats() };
    },
    { onTick: sampleMemory, sampleEvery: 200 },
  );
  const cpu = process.cpuUsage(cpuBefore);
  const realSeconds = (performance.now() - realBefore) / 1000;
  const { outcome, counts, stats } = run.value;

  const flagged = new Set(outcome.flagged);
  const misses = [...scenario.truth].filter((n) => !flagged.has(n));
  const falsePositives = [...flagged].filter((n) => !scenario.truth.has(n));
  const missesMfaRemoved = misses.filter((n) => scenario.mfaRemovedAfterReport.has(n)).length;
  const unchecked = new Set(outcome.unchecked ?? []);
  const unaccounted = misses.filter((n) => !unchecked.has(n)).length;
  const sum = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
  const result: RunResult = {
    ...config,
    violations: scenario.truth.size,
    found: flagged.size,
    misses: misses.length,
    falsePositives: falsePositives.length,
    errors: outcome.errors,
    missesMfaRemoved,
    unaccounted,
    correct: misses.length === 0 && falsePositives.length === 0 && outcome.errors === 0,
    candidates: outcome.candidates,
    consoleMfaKinds: scenario.consoleMfaKinds,
    assignedVirtualDevices: scenario.assignedVirtualDevices,
    apiCalls: sum(counts.calls),
    apiCallsByOperation: counts.calls,
    requests: stats.totalRequests,
    throttled: stats.totalThrottled,
    simulatedSeconds: run.virtualMs / 1000,
    realSeconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // ru_maxrss: the kernel's own high-water mark of this process, in KiB on Linux.
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    baselineRssMb: memory.baselineRss / MB,
    peakHeapMb: memory.peakHeap / MB,
    engineStrategy: outcome.engineStrategy,
    drift: scenario.drift,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function runStrategy(
  config: RunConfig,
  client: ReturnType<typeof simulatedIamClient>,
  counter: ApiCallCounter,
): Promise<StrategyOutcome & { engineStrategy?: string }> {
  if (config.strategy === 'per-user') return perUserAudit(client, DEFAULT_SETTINGS.concurrency);
  if (config.strategy === 'report-only') return reportOnlyAudit(client);
  // As the handler sets it: the function's whole timeout is left when the audit starts.
  const deadline =
    config.slowIam && liveCheckDeadline(config.slowIam.lambdaTimeoutSeconds * 1000, Date.now());
  const report = await auditAccount(
    { ...DEFAULT_SETTINGS, strategy: 'auto' },
    { iam: { client, counter }, deadline },
  );
  return {
    flagged: report.violations.map((v) => v.userName),
    errors: report.errors.length,
    unchecked: report.errors.flatMap((e) => (e.userName === null ? [] : [e.userName])),
    engineStrategy: report.strategy,
    candidates: report.summary.candidates,
  };
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
