import type { LambdaMemoryRun, MemoryPhases } from './lambda-memory';
import type { Machine } from './machine';
import type { MotoBench } from './moto-run';
import type { OrgBench } from './org-result';
import type { RunResult } from './run-result';

export interface LambdaFigures {
  readonly bundleBytes: number;
  readonly target: string;
  readonly initMs: number;
  readonly initSamplesMs: readonly number[];
  /** 1-minute load average when init was measured: init is CPU-bound and other work slows it. */
  readonly initLoadAverage: number;
  readonly memory: readonly LambdaMemoryFigure[];
  /** memory-probe.ts: the audit phase by phase, as built. */
  readonly phases: MemoryPhases;
}

/** The handler bundle's peak RSS in one configuration. */
export interface LambdaMemoryFigure extends LambdaMemoryRun {
  /** `Lambda 128 MB`, `Lambda 256 MB` (lambdaNodeFlags) or `none` (V8 defaults). */
  readonly heapLimits: string;
  readonly nodeFlags: readonly string[];
  /** Every run's peak; peakRssMb is the highest. */
  readonly peakRssRunsMb: readonly number[];
  /** RSS of `node` with the same flags and nothing loaded. */
  readonly bareNodeRssMb: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  readonly machine: Machine;
  readonly runs: readonly RunResult[];
  readonly lambda: LambdaFigures;
  readonly moto: MotoBench;
  /** The simulated organization: Distributed Map and one looping process. */
  readonly organization: OrgBench;
  readonly benchSeconds: number;
}
