import type { SecurityHubExport } from '../core/security-hub/export-result';

/** One stderr line on what `--security-hub` did, then one per error (they make the exit code 1). */
export function securityHubLine(x: SecurityHubExport): string {
  if (x.status === 'skipped') return `Security Hub: skipped (${x.skippedBecause ?? 'no reason given'})\n`;
  const where = x.region ? ` in ${x.accountId ?? 'the account'}/${x.region}` : '';
  const kept = x.kept.length ? `, ${x.kept.length} left open (user not checked)` : '';
  const lines = [
    `Security Hub${where}: ${x.opened} finding(s) open, ${x.resolved} resolved${kept}` +
      (x.errors.length ? `; ${x.errors.length} error(s)` : ''),
    ...x.errors.map(
      (e) =>
        `error: ${e.operation} failed${e.userName ? ` for ${e.userName}` : e.findingId ? ` for ${e.findingId}` : ''}: ${e.message}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
