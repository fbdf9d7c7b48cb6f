import { auditAccount } from '../lambda/wiring/audit-account';
import { ApiCallCounter } from '../lambda/aws/api-call-counter';
import { createIamClient } from '../lambda/aws/iam-client';
import { DEFAULT_SETTINGS } from '../lambda/settings/table';
import { startMotoServer } from '../tools/moto/moto-server';
import { seedPopulation } from '../tools/simulated-iam';
import { perUserAudit } from './naive-per-user';
import { reportOnlyAudit } from './naive-report-only';
import type { StrategyName } from './run-result';
import { seedMoto } from './moto-seed';
import type { StrategyOutcome } from './strategy-outcome';

export interface MotoRun {
  readonly strategy: StrategyName;
  readonly users: number;
  readonly violations: number;
  readonly apiCalls: number;
  readonly apiCallsByOperation: Readonly<Record<string, number>>;
  readonly wallSeconds: number;
  readonly correct: boolean;
  readonly engineStrategy?: string;
  readonly candidates?: number;
}

export interface MotoBench {
  readonly runs: MotoRun[];
  readonly seedSeconds: number;
}

/**
 * The same three checkers over real HTTP against moto (real SDK serialisation and Node's HTTP
 * stack; no throttling, no latency beyond localhost). Production's client is used throughout,
 * pointed at moto through AWS_ENDPOINT_URL as the CLI would be.
 */
export async function benchOnMoto(users: number, violationShare: number): Promise<MotoBench> {
  const population = seedPopulation({
    users,
    violators: Math.round(users * violationShare),
    now: new Date(),
  });
  const truth = new Set(population.violators);
  const server = await startMotoServer();
  const restoreEnv = setEnv({
    AWS_ENDPOINT_URL: server.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
  });
  try {
    const seedStart = performance.now();
    const seeder = createIamClient(new ApiCallCounter());
    await seedMoto(seeder, population.users);
    seeder.destroy();
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const runs: MotoRun[] = [];
    for (const strategy of ['ours', 'per-user', 'report-only'] as const) {
      const counter = new ApiCallCounter();
      const client = createIamClient(counter);
      const start = performance.now();
      const outcome = await run(strategy, client, counter);
      const wallSeconds = (performance.now() - start) / 1000;
      client.destroy();
      const calls = counter.snapshot().calls;
      const flagged = new Set(outcome.flagged);
      runs.push({
        strategy,
        users,
        violations: truth.size,
        apiCalls: Object.values(calls).reduce((a, b) => a + b, 0),
        apiCallsByOperation: calls,
        wallSeconds,
        correct:
          outcome.errors === 0 && flagged.size === truth.size && [...truth].every((n) => flagged.has(n)),
        engineStrategy: outcome.engineStrategy,
        candidates: outcome.candidates,
      });
    }
    return { runs, seedSeconds };
  } finally {
    restoreEnv();
    await server.stop();
  }
}

async function run(
  strategy: StrategyName,
  client: ReturnType<typeof createIamClient>,
  counter: ApiCallCounter,
): Promise<StrategyOutcome & { engineStrategy?: string; candidates?: number }> {
  if (strategy === 'per-user') return perUserAudit(client, DEFAULT_SETTINGS.concurrency);
  if (strategy === 'report-only') return reportOnlyAudit(client);
  const report = await auditAccount({ ...DEFAULT_SETTINGS, strategy: 'auto' }, { iam: { client, counter } });
  return {
    flagged: report.violations.map((v) => v.userName),
    errors: report.errors.length,
    engineStrategy: report.strategy,
    candidates: report.summary.candidates,
  };
}

function setEnv(vars: Readonly<Record<string, string | undefined>>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Readonly<Record<string, string | undefined>>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  return () => apply(before);
}
