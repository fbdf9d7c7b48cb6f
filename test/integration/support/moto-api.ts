/** moto's own control API (not AWS): https://docs.getmoto.org/en/latest/docs/server_mode.html */

/** Forgets every resource in every service and region. */
export async function resetMoto(endpoint: string): Promise<void> {
  await post(endpoint, '/moto-api/reset', '');
}

/**
 * Switches moto's IAM authorization on (every request must be signed by a moto IAM user's access
 * key and allowed by its policies) or back off. Server-wide: only for a server this test file owns.
 */
export async function setMotoAuthorization(endpoint: string, enforce: boolean): Promise<void> {
  // The body is INITIAL_NO_AUTH_ACTION_COUNT: requests allowed before authorization starts.
  await post(endpoint, '/moto-api/reset-auth', enforce ? '0' : 'inf');
}

async function post(endpoint: string, path: string, body: string): Promise<void> {
  const res = await fetch(`${endpoint}${path}`, { method: 'POST', body });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${endpoint}${path} answered ${res.status}: ${text}`);
}
