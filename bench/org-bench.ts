import { bundleEntry, runJsonChild } from './child-runs';
import type { OrgBench, OrgMode, OrgRunResult } from './org-result';

/**
 * The simulated organization audited as the Distributed Map does and as one looping process does:
 * org-run.ts in two processes at once (each a core's worth of CPU for a few minutes).
 */
export async function benchOrganization(progress: (line: string) => void): Promise<OrgBench> {
  const runner = await bundleEntry('org-run');
  const started = performance.now();
  const run = (mode: OrgMode): Promise<OrgRunResult> =>
    runJsonChild<OrgRunResult>(runner, { mode }, (line) => progress(`  ${line}`));
  const [map, loop] = await Promise.all([run('map'), run('loop')]);
  return { map, loop, realSeconds: (performance.now() - started) / 1000 };
}
