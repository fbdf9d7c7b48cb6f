import type { Strategy } from './types';

/**
 * Accounts with at most this many users are checked entirely live under `auto`: 2 calls a user is
 * cheap there, and it gives exact freshness (no credential-report lag at all).
 */
export const DEFAULT_LIVE_THRESHOLD = 100;

export function resolveStrategy(
  requested: Strategy,
  userCount: number,
  liveThreshold: number,
): Exclude<Strategy, 'auto'> {
  if (requested !== 'auto') return requested;
  return userCount <= liveThreshold ? 'live' : 'report';
}
