import type { EnforcementOutcome } from '../core/enforcement';

/** What `--enforce` did (or in preview would do), then one line per failure (they make the exit code 1). */
export function enforcementLine(e: EnforcementOutcome): string {
  const list = (names: readonly string[]) => (names.length ? `: ${names.join(', ')}` : '');
  const lines =
    e.mode === 'preview'
      ? [
          `Enforcement preview (nothing changed): would restrict ${e.wouldAttach.length}${list(e.wouldAttach)}`,
          `Enforcement preview (nothing changed): would release ${e.wouldDetach.length}${list(e.wouldDetach)}`,
        ]
      : [
          `Enforcement: restricted ${e.attached.length}${list(e.attached)}`,
          `Enforcement: released ${e.detached.length}${list(e.detached)}`,
        ];
  if (e.skippedBecause) lines.push(`Enforcement: ${e.skippedBecause}`);
  for (const f of e.failed) {
    lines.push(`error: ${f.operation} failed${f.userName ? ` for ${f.userName}` : ''}: ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}
