import { auditAccount } from '../../lambda/wiring/audit-account';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import {
  seedPopulation,
  SimulatedAccount,
  SimulatedIamHandler,
  simulatedIamClient,
} from '../../tools/simulated-iam';
import { runOnVirtualClock, VIRTUAL_EPOCH } from '../../tools/virtual-time';
import { DAY_MS } from '../../tools/builders/iam';

const RATE = { perSecond: 20, burst: 20 };

function member(accountId: string, seed: number): { account: SimulatedAccount; violators: string[] } {
  const population = seedPopulation({
    users: 60,
    violators: 6,
    now: new Date(VIRTUAL_EPOCH.getTime() - DAY_MS),
    accountId,
    seed,
  });
  return {
    account: new SimulatedAccount({ accountId, users: population.users }),
    violators: population.violators,
  };
}

/** One account's audit as the bench's organization runs it: its own IAM, bucket and client. */
async function auditMember(
  account: SimulatedAccount,
): Promise<{ ms: number; calls: number; flagged: string[] }> {
  const start = Date.now();
  const handler = new SimulatedIamHandler({ account, latencyMs: 50, rateLimit: RATE });
  const client = simulatedIamClient(handler);
  const counter = new ApiCallCounter();
  counter.attach(client);
  const report = await auditAccount(
    { ...DEFAULT_SETTINGS, strategy: 'live' },
    { iam: { client, counter }, accountId: account.accountId },
  );
  return {
    ms: Date.now() - start,
    calls: handler.stats().totalRequests,
    flagged: report.violations.map((v) => v.userName).sort(),
  };
}

/**
 * The bench's organization (bench/org-run.ts) runs 40 accounts' audits at once on one virtual clock
 * and reads each one's time off it: that holds only if the accounts' simulated IAMs stay independent
 * and the clock lets them overlap rather than queue.
 */
describe('simulated accounts audited at once on one virtual clock', () => {
  it('keep their own rate limits: three at once take the time of one, each finding its own violators', async () => {
    const alone = await runOnVirtualClock(() => auditMember(member('111111111111', 1).account));
    // The audit is bound by the rate limit, so sharing one would show: the calls past the burst need this long.
    expect(alone.virtualMs).toBeGreaterThanOrEqual(
      ((alone.value.calls - RATE.burst) / RATE.perSecond) * 1000,
    );

    const members = ['222222222222', '333333333333', '444444444444'].map((id, i) => member(id, 2 + i));
    const together = await runOnVirtualClock(() => Promise.all(members.map((m) => auditMember(m.account))));

    members.forEach((m, i) => expect(together.value[i]?.flagged).toEqual(m.violators));
    // Three accounts' calls at one account's rate would need about three times as long.
    expect(together.virtualMs).toBeLessThan(alone.virtualMs * 1.5);
    for (const r of together.value) {
      expect(r.ms).toBeGreaterThanOrEqual(((r.calls - RATE.burst) / RATE.perSecond) * 1000);
      expect(r.ms).toBeLessThanOrEqual(together.virtualMs);
    }
  });
});
