import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly os: string;
  readonly memoryGb: number;
  /** Other work on the machine slows real (not simulated) times: recorded with them. */
  readonly loadAverage: number;
  readonly date: string;
}

export function describeMachine(): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    node: process.version,
    os: `${type()} ${release()}`,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  };
}
