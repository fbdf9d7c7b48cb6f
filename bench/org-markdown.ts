import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../lambda/core/function-timeout';
import { DEFAULT_LIVE_THRESHOLD } from '../lambda/core/strategy';
import { liveCheckDeadline, TIME_BUDGET_RESERVE_MS } from '../lambda/core/time-budget';
import { ASSUMED_LATENCY_MS, ASSUMED_RATE_LIMIT, ASSUMED_REPORT_GENERATION_MS } from './assumptions';
import type { OrgFigures } from './org-figures';
import { everyViolatorFound, orgFigures, percentile } from './org-figures';
import type { OrgAccountOutcome, OrgBench, OrgRunResult } from './org-result';
import { ORGANIZATION } from './organization';

const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
const count = (n: number): string => n.toLocaleString('en-US');
const minutes = (s: number): string => `${s.toFixed(1)} s (${(s / 60).toFixed(1)} min)`;

/** The audit's deadline in a function of the stack's timeout (the handler's time budget), in seconds. */
export function memberAuditBudgetSeconds(): number {
  return liveCheckDeadline(AUDIT_FUNCTION_TIMEOUT_SECONDS * 1000, 0).getTime() / 1000;
}

/** bench/RESULTS.md's organization section. */
export function organizationSection(o: OrgBench): string[] {
  const map = orgFigures(o.map);
  const loop = orgFigures(o.loop);
  const sizes = o.map.accounts.map((a) => a.users);
  const reportAccounts = o.map.accounts.filter((a) => a.users > DEFAULT_LIVE_THRESHOLD);
  const stale = reportAccounts.filter((a) => a.report === 'stale').length;
  const neglected = o.map.accounts.filter((a) => a.neglected).length;
  const budget = memberAuditBudgetSeconds();
  const itemSeconds = (a: OrgAccountOutcome): number => a.auditSeconds + o.map.accountOverheadMs / 1000;
  const lowerBound = Math.max(
    ...o.map.accounts.map(itemSeconds),
    o.map.accounts.reduce((n, a) => n + itemSeconds(a), 0) / o.map.concurrency,
  );
  const s = map.slowest;
  const last = o.map.accounts
    .map((a, index) => ({ ...a, index }))
    .reduce((a, b) => (b.startSeconds + b.auditSeconds > a.startSeconds + a.auditSeconds ? b : a));
  return [
    `## Organization: ${count(map.accounts)} accounts, Distributed Map at MaxConcurrency ${o.map.concurrency}`,
    '',
    `- Accounts (bench/organization.ts): ${count(map.accounts)}, sizes **log-uniform from ` +
      `${ORGANIZATION.minUsers} to ${count(ORGANIZATION.maxUsers)} users**: ${ORGANIZATION.minUsers} x ` +
      `${ORGANIZATION.maxUsers / ORGANIZATION.minUsers}^(i/${map.accounts - 1}) rounded, i = 0..${map.accounts - 1} ` +
      '(a grid on the log scale, not random draws, so the spread is exact), in an order shuffled with seed ' +
      `${ORGANIZATION.seed} (the map's item order). Median ${percentile(sizes, 0.5)} users, mean ` +
      `${(map.users / map.accounts).toFixed(0)}, ${count(map.users)} users in all; by size in the table below.`,
    `- **Violators: ${pct(ORGANIZATION.violationShare)} of each account's users, at least one per account; one ` +
      `account in ${ORGANIZATION.neglectedEvery} (seeded: ${neglected} here) is neglected, ` +
      `${pct(ORGANIZATION.neglectedShare)}.** At audit time (drift included) ${count(map.violations)} violators of ` +
      `${count(map.users)} users (${((map.violations / map.users) * 100).toFixed(1)}%): the ground truth each ` +
      "account's findings are compared with, user by user.",
    `- Reports: of the ${reportAccounts.length} accounts over ${DEFAULT_LIVE_THRESHOLD} users (report strategy), ` +
      `${stale} (${pct(ORGANIZATION.staleReportShare)} seeded) have a 2 h old report that IAM reuses, 1% of users ` +
      'changed since (as in "Simulated runs (stale report)"); the others have none IAM would reuse, as on a daily ' +
      `schedule, and IAM builds one (assumed ${ASSUMED_REPORT_GENERATION_MS / 1000} s). Accounts up to ` +
      `${DEFAULT_LIVE_THRESHOLD} users are audited live and never read the report.`,
    `- Each account has its own simulated IAM (its own token bucket, ${ASSUMED_RATE_LIMIT.perSecond} requests/s, ` +
      `burst ${ASSUMED_RATE_LIMIT.burst}, ${ASSUMED_LATENCY_MS} ms a call: IAM's limit is per account), its own ` +
      "IAMClient with production's retry strategy, and the real engine (`auditAccount`, `strategy: auto`, " +
      '`DEFAULT_SETTINGS`), built when its audit starts.',
    `- **Distributed Map**: at most ${o.map.concurrency} items in flight, the next starting as one ends, in item ` +
      `order; each item is one function invocation: ${o.map.accountOverheadMs / 1000} s of assumed overhead ` +
      '(child execution start, Lambda invocation counted as cold every time, AssumeRole, PutObject of the ' +
      "account's report), then the audit under the handler's time budget for a " +
      `${AUDIT_FUNCTION_TIMEOUT_SECONDS} s function (deadline ${budget} s after it starts: the timeout less ` +
      `the ${TIME_BUDGET_RESERVE_MS / 1000} s reserve). All in-flight audits interleave on one virtual clock in ` +
      `one process (measured: ${o.map.maxInFlight} at most).`,
    `- **Loop**: one process auditing the accounts one after another, as a c7n-org-style loop does, ` +
      `${o.loop.accountOverheadMs / 1000} s of assumed overhead each (AssumeRole), no deadline (the CLI has none).`,
    '- Not simulated: the listing step before the map (ListAccounts, 20 accounts a page) and the aggregation ' +
      "after it (one S3 read per account); `organizationReport()` over the accounts' reports gives the " +
      "aggregation's summary below.",
    '',
    row([
      'model',
      'in flight (max)',
      'simulated wall time',
      'IAM calls',
      'requests (retries incl.)',
      'throttled',
      "slowest account's audit s",
      'violators found / at audit time',
      'missed',
      'false pos.',
      'errors',
      'accounts complete',
      'organization report',
      'CPU s',
      'real s',
      'peak RSS MB',
    ]),
    row([
      '---',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---:',
      '---',
      '---:',
      '---:',
      '---:',
    ]),
    runRow(`Distributed Map, MaxConcurrency ${o.map.concurrency}`, o.map, map),
    runRow('one process, one account after another', o.loop, loop),
    '',
    `**Distributed Map: ${count(map.accounts)} accounts in ${minutes(o.map.simulatedSeconds)} of simulated time**, ` +
      `${count(map.apiCalls)} IAM calls (${count(map.throttled)} requests throttled), ` +
      `${count(map.found)} of ${count(map.violations)} violators found` +
      (everyViolatorFound(map) ? ', none missed, no false positive, every account complete. ' : '. ') +
      `The slowest account, ${s.accountId} (${count(s.users)} users, ${count(s.violations)} violators${s.neglected ? ', neglected' : ''}, ` +
      `${s.report === 'stale' ? 'stale report' : 'report built for the audit'}), took ${s.auditSeconds.toFixed(1)} s: ` +
      `${(budget - s.auditSeconds).toFixed(0)} s inside the handler's ${budget} s deadline ` +
      `(${AUDIT_FUNCTION_TIMEOUT_SECONDS} s timeout less the ${TIME_BUDGET_RESERVE_MS / 1000} s reserve), ` +
      `${(s.auditSeconds + o.map.accountOverheadMs / 1000).toFixed(1)} s with the item's overhead. ` +
      `No schedule of these items at ${o.map.concurrency} can beat ${lowerBound.toFixed(1)} s (the longer of the longest item and ` +
      `all items' time / ${o.map.concurrency}); the map took ${(o.map.simulatedSeconds - lowerBound).toFixed(1)} s more ` +
      `because it runs the items in list order: the last to finish, ${last.accountId} (item ${last.index + 1} of ` +
      `${map.accounts}, ${count(last.users)} users), started at ${last.startSeconds.toFixed(1)} s and ran ` +
      `${last.auditSeconds.toFixed(1)} s.`,
    '',
    `**One process looping: ${o.loop.simulatedSeconds.toFixed(1)} s (${(o.loop.simulatedSeconds / 3600).toFixed(2)} h), ` +
      `${(o.loop.simulatedSeconds / o.map.simulatedSeconds).toFixed(1)} times the map's.** The same audits: ` +
      `their times sum to ${loop.auditSeconds.toFixed(0)} s in the loop and ${map.auditSeconds.toFixed(0)} s in ` +
      'the map (they differ only by which retry-jitter draws each account gets, Math.random being one seeded ' +
      `sequence per process); ${count(loop.found)} of ${count(loop.violations)} violators found.`,
    '',
    `Real time: the two runs took ${o.realSeconds.toFixed(0)} s side by side, one process each ` +
      `(CPU ${(o.map.cpuMs / 1000).toFixed(0)} s and ${(o.loop.cpuMs / 1000).toFixed(0)} s: every account audited ` +
      'twice, once per model, nothing shared or extrapolated).',
    '',
    "By size (the map's run):",
    '',
    row([
      'users',
      'accounts',
      'users in all',
      'violators',
      'IAM calls',
      'throttled',
      'median audit s',
      'slowest audit s',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...SIZE_BUCKETS.map(([lo, hi]) => bucketRow(lo, hi, o.map.accounts)),
    '',
  ];
}

const SIZE_BUCKETS: readonly (readonly [number, number])[] = [
  [1, 20],
  [21, 100],
  [101, 500],
  [501, 1000],
  [1001, 2500],
  [2501, 5000],
];

function runRow(label: string, r: OrgRunResult, f: OrgFigures): string {
  const org = r.organizationSummary;
  return row([
    label,
    r.maxInFlight,
    minutes(r.simulatedSeconds),
    count(f.apiCalls),
    count(f.requests),
    count(f.throttled),
    f.slowest.auditSeconds.toFixed(1),
    `${count(f.found)} / ${count(f.violations)}`,
    f.missed,
    f.falsePositives,
    f.errors,
    `${f.complete} / ${f.accounts}`,
    `${r.organizationStatus}, ${count(org.violations)} violations`,
    (r.cpuMs / 1000).toFixed(0),
    r.realSeconds.toFixed(0),
    r.peakRssMb.toFixed(0),
  ]);
}

function bucketRow(lo: number, hi: number, accounts: readonly OrgAccountOutcome[]): string {
  const inBucket = accounts.filter((a) => a.users >= lo && a.users <= hi);
  const sum = (pick: (a: OrgAccountOutcome) => number): number => inBucket.reduce((n, a) => n + pick(a), 0);
  const times = inBucket.map((a) => a.auditSeconds);
  return row([
    `${count(Math.max(lo, ORGANIZATION.minUsers))} to ${count(hi)}`,
    inBucket.length,
    count(sum((a) => a.users)),
    count(sum((a) => a.violations)),
    count(sum((a) => a.apiCalls)),
    count(sum((a) => a.throttled)),
    inBucket.length ? percentile(times, 0.5).toFixed(1) : '',
    inBucket.length ? Math.max(...times).toFixed(1) : '',
  ]);
}
