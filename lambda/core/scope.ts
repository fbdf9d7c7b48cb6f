import { userNameKey } from './user-name';
import type { AuditScope, Candidate, IamUser, LiveFacts } from './types';

const ACCOUNT_SCOPE: AuditScope = { kind: 'account' };

/**
 * The scope of a finished audit. `requested` is the audit's `users` option (undefined: the whole
 * account); `users` are the users it listed after that filter; `facts[i]` is what the live check
 * found about `candidates[i]`.
 */
export function auditScope(
  requested: readonly string[] | undefined,
  users: readonly IamUser[],
  candidates: readonly Candidate[] = [],
  facts: readonly LiveFacts[] = [],
): AuditScope {
  if (!requested) return ACCOUNT_SCOPE;
  const key = userNameKey;
  const listed = new Map(users.map((u) => [key(u.userName), u.userName]));
  const gone = new Set<string>();
  const withMfa = new Set<string>();
  candidates.forEach((c, i) => {
    const f = facts[i];
    if (f?.kind === 'gone') gone.add(key(c.user.userName));
    else if (f?.kind === 'checked' && f.mfaSerials.length > 0) withMfa.add(key(c.user.userName));
  });
  const userNames: string[] = [];
  const notFound: string[] = [];
  const mfa: string[] = [];
  const seen = new Set<string>();
  for (const asked of requested) {
    const k = key(asked);
    if (seen.has(k)) continue;
    seen.add(k);
    const name = listed.get(k) ?? asked;
    userNames.push(name);
    // Deleted between ListUsers and its live check counts as not found too.
    if (!listed.has(k) || gone.has(k)) notFound.push(name);
    else if (withMfa.has(k)) mfa.push(name);
  }
  return { kind: 'users', userNames, notFound, withMfa: mfa };
}

/** The scope of an audit that failed before it could list users: the names as asked, none judged. */
export function requestedScope(requested: readonly string[] | undefined): AuditScope {
  if (!requested) return ACCOUNT_SCOPE;
  const seen = new Set<string>();
  const userNames = requested.filter((n) => !seen.has(userNameKey(n)) && seen.add(userNameKey(n)));
  return { kind: 'users', userNames, notFound: [], withMfa: [] };
}
