import { ApiCallCounter } from '../lambda/aws/api-call-counter';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../lambda/core/function-timeout';
import type { AccountAuditReport } from '../lambda/core/organization';
import { withAccount } from '../lambda/core/organization';
import { liveCheckDeadline } from '../lambda/core/time-budget';
import { DEFAULT_SETTINGS } from '../lambda/settings/table';
import { auditAccount } from '../lambda/wiring/audit-account';
import { SimulatedIamHandler, simulatedIamClient } from '../tools/simulated-iam';
import { ASSUMED_LATENCY_MS, ASSUMED_RATE_LIMIT, ASSUMED_REPORT_GENERATION_MS } from './assumptions';
import type { OrgAccountSpec } from './organization';
import type { OrgAccountOutcome } from './org-result';
import { buildScenario } from './scenario';

export interface MemberAudit {
  readonly outcome: OrgAccountOutcome;
  readonly report: AccountAuditReport;
}

/**
 * Audits one simulated member account as the map's item function does: its own IAM (own token
 * bucket: IAM's rate limit is per account), its own client (own adaptive rate limiter and retry
 * quota), the real engine through the real SDK adapters. With `timeBudget`, the handler's deadline
 * for a function of the stack's timeout, set when the audit starts. The account is built when its
 * audit starts (its report dated from then) and dropped after, so only the outcome stays in memory.
 */
export async function auditSimulatedMember(
  spec: OrgAccountSpec,
  runStartMs: number,
  timeBudget: boolean,
): Promise<MemberAudit> {
  const startMs = Date.now();
  const scenario = buildScenario({
    users: spec.users,
    violationShare: spec.violators / spec.users,
    report: spec.report,
    now: new Date(startMs),
    reportGenerationMs: ASSUMED_REPORT_GENERATION_MS,
    seed: spec.seed,
    accountId: spec.accountId,
  });
  const handler = new SimulatedIamHandler({
    account: scenario.account,
    latencyMs: ASSUMED_LATENCY_MS,
    rateLimit: ASSUMED_RATE_LIMIT,
  });
  const client = simulatedIamClient(handler);
  const counter = new ApiCallCounter();
  counter.attach(client);
  const deadline = timeBudget ? liveCheckDeadline(AUDIT_FUNCTION_TIMEOUT_SECONDS * 1000, startMs) : undefined;
  const report = await auditAccount(
    { ...DEFAULT_SETTINGS, strategy: 'auto' },
    { iam: { client, counter }, accountId: spec.accountId, deadline },
  );
  const auditMs = Date.now() - startMs;

  const flagged = new Set(report.violations.map((v) => v.userName));
  const truth = scenario.truth;
  const calls = counter.snapshot().calls;
  const stats = handler.stats();
  const outcome: OrgAccountOutcome = {
    accountId: spec.accountId,
    users: spec.users,
    neglected: spec.neglected,
    report: spec.report,
    strategy: report.strategy,
    status: report.status,
    violations: truth.size,
    found: [...flagged].filter((n) => truth.has(n)).length,
    missed: [...truth].filter((n) => !flagged.has(n)).length,
    falsePositives: [...flagged].filter((n) => !truth.has(n)).length,
    errors: report.errors.length,
    apiCalls: Object.values(calls).reduce((a, b) => a + b, 0),
    requests: stats.totalRequests,
    throttled: stats.totalThrottled,
    startSeconds: (startMs - runStartMs) / 1000,
    auditSeconds: auditMs / 1000,
  };
  return { outcome, report: withAccount(report, { id: spec.accountId, status: 'ACTIVE' }) };
}
