import { DEFAULT_JUDGE_POLICY } from './core/judge';
import { DEFAULT_LIVE_THRESHOLD } from './core/strategy';
import type { Strategy } from './core/types';
import { STRATEGIES } from './core/types';

/** Settings shared by the Lambda handler (from its environment) and the CLI (from flags). */
export interface AuditSettings {
  readonly strategy: Strategy;
  readonly liveThreshold: number;
  readonly concurrency: number;
  readonly criticalIfUsedWithinDays: number;
  readonly gracePeriodHours: number;
  readonly maxExemptionDays: number;
  readonly reportMaxWaitSeconds: number;
}

export const DEFAULT_CONCURRENCY = 5;
export const DEFAULT_REPORT_MAX_WAIT_SECONDS = 120;

export const DEFAULT_SETTINGS: AuditSettings = {
  strategy: 'auto',
  liveThreshold: DEFAULT_LIVE_THRESHOLD,
  concurrency: DEFAULT_CONCURRENCY,
  criticalIfUsedWithinDays: DEFAULT_JUDGE_POLICY.criticalIfUsedWithinDays,
  gracePeriodHours: DEFAULT_JUDGE_POLICY.gracePeriodHours,
  maxExemptionDays: DEFAULT_JUDGE_POLICY.maxExemptionDays,
  reportMaxWaitSeconds: DEFAULT_REPORT_MAX_WAIT_SECONDS,
};

/** A setting with a bad value. The message names the setting and the value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function parseStrategy(name: string, value: string): Strategy {
  if ((STRATEGIES as readonly string[]).includes(value)) return value as Strategy;
  throw new ConfigError(`${name} must be one of ${STRATEGIES.join(', ')}; got ${JSON.stringify(value)}`);
}

export function parseInteger(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(
      `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(`${name} must be true or false; got ${JSON.stringify(value)}`);
}

/** Bounds shared by every entry point, so the CLI and the Lambda accept the same values. */
export const BOUNDS = {
  liveThreshold: [0, 100_000],
  concurrency: [1, 50],
  criticalIfUsedWithinDays: [0, 3650],
  gracePeriodHours: [0, 8760],
  maxExemptionDays: [1, 3650],
  reportMaxWaitSeconds: [5, 300],
} as const;
