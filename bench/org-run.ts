/**
 * Audits the simulated organization (organization.ts) in one mode and prints its OrgRunResult as JSON
 * on the last line of stdout. Started in its own process (child-runs.ts), so its CPU and peak RSS are
 * its own. Argument: `{"mode":"map"|"loop","accounts"?:N}` (the first N accounts only, for a trial).
 */
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { organizationReport } from '../lambda/core/organization';
import { mapWithConcurrency } from '../lambda/core/util/map-with-concurrency';
import { SETTINGS } from '../lambda/settings/table';
import {
  SeededRandom,
  SimulatedAccount,
  SimulatedIamHandler,
  simulatedIamClient,
} from '../tools/simulated-iam';
import { runOnVirtualClock } from '../tools/virtual-time';
import { ASSUMED_LOOP_ACCOUNT_OVERHEAD_MS, ASSUMED_MAP_ITEM_OVERHEAD_MS } from './assumptions';
import { auditSimulatedMember } from './org-account';
import type { MemberAudit } from './org-account';
import type { OrgMode, OrgRunResult } from './org-result';
import { organizationAccounts } from './organization';
import { PROGRESS_PREFIX } from './run-result';

const MB = 1024 * 1024;
/** The loop takes hours of simulated time: a bound far beyond it, so a hang still fails. */
const MAX_VIRTUAL_MS = 7 * 24 * 3_600_000;
const PROGRESS_EVERY = 250;

async function main(): Promise<void> {
  const arg = JSON.parse(process.argv[2] ?? '') as { mode: OrgMode; accounts?: number };
  const specs = organizationAccounts().slice(0, arg.accounts);
  // The SDK's retry backoff is jittered with Math.random: seeded, every run repeats exactly.
  const random = new SeededRandom(7);
  Math.random = () => random.next();
  // The SDK reads its shared config files (real I/O) on a client's first call and caches them for
  // every client: done before the virtual clock, so no audit waits on real I/O (the clock would
  // jump to the next timer meanwhile, see one-run.ts).
  await simulatedIamClient(new SimulatedIamHandler({ account: new SimulatedAccount() })).send(
    new GetAccountSummaryCommand({}),
  );

  const map = arg.mode === 'map';
  const concurrency = map ? SETTINGS.accountConcurrency.default : 1;
  const overheadMs = map ? ASSUMED_MAP_ITEM_OVERHEAD_MS : ASSUMED_LOOP_ACCOUNT_OVERHEAD_MS;
  const cpuBefore = process.cpuUsage();
  const realBefore = performance.now();
  const inFlight = { now: 0, max: 0 };
  let done = 0;
  const run = await runOnVirtualClock(
    async () => {
      const start = Date.now();
      const audits = await mapWithConcurrency(specs, concurrency, async (spec): Promise<MemberAudit> => {
        // The time outside the audit, as one wait before it: only the total counts here.
        await new Promise((resolve) => setTimeout(resolve, overheadMs));
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        try {
          return await auditSimulatedMember(spec, start, map);
        } finally {
          inFlight.now -= 1;
          if (++done % PROGRESS_EVERY === 0) {
            const at = `${((Date.now() - start) / 1000).toFixed(0)} s simulated`;
            process.stderr.write(`${PROGRESS_PREFIX}${arg.mode}: ${done}/${specs.length} accounts, ${at}\n`);
          }
        }
      });
      return { audits, start };
    },
    { maxVirtualMs: MAX_VIRTUAL_MS },
  );
  const cpu = process.cpuUsage(cpuBefore);
  const organization = organizationReport({
    organizationId: 'o-simulated',
    checkedAt: new Date(run.value.start),
    accounts: run.value.audits.map((a) => a.report),
  });
  const result: OrgRunResult = {
    mode: arg.mode,
    concurrency,
    accountOverheadMs: overheadMs,
    accounts: run.value.audits.map((a) => a.outcome),
    simulatedSeconds: run.virtualMs / 1000,
    maxInFlight: inFlight.max,
    organizationStatus: organization.status,
    organizationSummary: organization.summary,
    realSeconds: (performance.now() - realBefore) / 1000,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // ru_maxrss: the kernel's own high-water mark of this process, in KiB on Linux.
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
