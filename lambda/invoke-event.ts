import { ConfigError, parseStrategy } from './config';
import type { Strategy } from './core/types';

/** An on-demand invocation: `{ "dryRun"?: boolean, "strategy"?: ..., "users"?: string[] }`. */
export interface InvokeRequest {
  readonly dryRun: boolean;
  readonly strategy?: Strategy;
  readonly users?: readonly string[];
}

const KNOWN_KEYS = new Set(['dryRun', 'strategy', 'users']);

/**
 * Strict on purpose: a misspelt `dryrun` must not be ignored and end in a publish. Scheduled
 * invocations send `{}`.
 */
export function parseInvokeEvent(event: unknown): InvokeRequest {
  if (event === null || event === undefined) return { dryRun: false };
  if (typeof event !== 'object' || Array.isArray(event)) {
    throw new ConfigError(`event must be a JSON object; got ${JSON.stringify(event)}`);
  }
  const e = event as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new ConfigError(`event key ${JSON.stringify(key)} is not one of dryRun, strategy, users`);
    }
  }
  if (e.dryRun !== undefined && typeof e.dryRun !== 'boolean') {
    throw new ConfigError(`event dryRun must be true or false; got ${JSON.stringify(e.dryRun)}`);
  }
  if (e.strategy !== undefined && typeof e.strategy !== 'string') {
    throw new ConfigError(`event strategy must be a string; got ${JSON.stringify(e.strategy)}`);
  }
  if (
    e.users !== undefined &&
    (!Array.isArray(e.users) ||
      e.users.length === 0 ||
      !e.users.every((u) => typeof u === 'string' && u !== ''))
  ) {
    throw new ConfigError(
      `event users must be a non-empty array of user names; got ${JSON.stringify(e.users)}`,
    );
  }
  return {
    dryRun: e.dryRun ?? false,
    strategy: e.strategy === undefined ? undefined : parseStrategy('event strategy', e.strategy),
    users: e.users as string[] | undefined,
  };
}
