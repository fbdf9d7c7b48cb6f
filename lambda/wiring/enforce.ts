import type { IAMClient } from '@aws-sdk/client-iam';
import { attachPolicy, detachPolicy, listPolicyHolders } from '../aws/enforcement-policy';
import { checkUserLive } from '../aws/live-check';
import type {
  EnforcementFailure,
  EnforcementMode,
  EnforcementOutcome,
  EnforcementPolicy,
  PolicyHolder,
} from '../core/enforcement';
import { enforcementNotes, planEnforcement } from '../core/enforcement';
import { describeFailure } from '../core/errors';
import type { AuditReport, LiveFacts } from '../core/types';
import { mapWithConcurrency } from '../core/util/map-with-concurrency';

/** Attach or detach calls in flight at once. */
const CONCURRENCY = 5;

export interface EnforcementOptions extends EnforcementPolicy {
  readonly mode: Exclude<EnforcementMode, 'off'>;
  /**
   * The self-service MFA policy the stack created (output EnforcePolicyArn). Required with `on`;
   * a preview without it cannot tell who holds the policy already (see `enforce`).
   */
  readonly policyArn?: string;
  /** Calls still waiting at this time are abandoned (they become failures). */
  readonly deadline?: Date;
  readonly now?: () => Date;
}

/**
 * After the audit: in `preview` the plan only, in `on` the plan carried out one user at a time.
 * Returns the report with `enforcement` and a note per kind of change. Never throws: a listing,
 * attach or detach that fails is in `failed` (and the note), and changes nothing else.
 */
export async function enforce(
  report: AuditReport,
  iam: IAMClient,
  options: EnforcementOptions,
): Promise<AuditReport> {
  if (options.mode === 'on' && !options.policyArn) {
    throw new Error('enforcement on needs the policy ARN (EnforcePolicyArn)');
  }
  const base = {
    mode: options.mode,
    policyArn: options.policyArn ?? null,
    attached: [] as string[],
    detached: [] as string[],
    failed: [] as EnforcementFailure[],
  };
  if (report.status === 'failed') {
    return withEnforcement(report, {
      ...base,
      wouldAttach: [],
      wouldDetach: [],
      skippedBecause: 'the audit failed, so nobody was judged',
    });
  }
  const abortSignal =
    options.deadline && AbortSignal.timeout(Math.max(0, options.deadline.getTime() - Date.now()));
  let holders: PolicyHolder[] | null = null;
  let skippedBecause: string | undefined;
  if (options.policyArn) {
    try {
      holders = await listPolicyHolders(iam, options.policyArn, abortSignal);
    } catch (err) {
      base.failed.push({ userName: null, ...describeFailure(err) });
    }
  } else {
    skippedBecause =
      'without the policy ARN nobody could be checked for holding it already: wouldAttach may name users ' +
      'already restricted, and nobody is planned for release';
  }
  const policyArn = options.policyArn ?? '';
  const planned = planEnforcement(report, holders, options, (options.now ?? (() => new Date()))());
  // Released only on positive evidence: validly exempted by this run, or confirmed live now (an
  // MFA device, no password, or deleted). A holder the audit never listed (created since), or
  // renamed since, is otherwise not known to be compliant.
  const exempted = new Set(report.exempted.map((e) => e.userName.toLowerCase()));
  const confirmed = await mapWithConcurrency(planned.detach, CONCURRENCY, async (userName) => {
    if (exempted.has(userName.toLowerCase())) return true;
    try {
      return isCompliant(await checkUserLive(iam, userName, true, abortSignal));
    } catch (err) {
      base.failed.push({ userName, ...describeFailure(err) });
      return false;
    }
  });
  const plan = { attach: planned.attach, detach: planned.detach.filter((_, i) => confirmed[i]) };
  /**
   * Runs `call` for each user, a few at a time (IAM's write rate is the account's, shared with
   * people), and returns the users it succeeded for, in plan order whatever order the calls end in.
   * Each failure goes to `failed`.
   */
  const applyInOrder = async (users: readonly string[], call: (userName: string) => Promise<void>) => {
    const done = await mapWithConcurrency(users, CONCURRENCY, (userName) =>
      call(userName).then(
        () => true,
        (err: unknown) => {
          base.failed.push({ userName, ...describeFailure(err) });
          return false;
        },
      ),
    );
    return users.filter((_, i) => done[i]);
  };
  if (options.mode === 'on') {
    base.attached.push(
      ...(await applyInOrder(plan.attach, (u) => attachPolicy(iam, u, policyArn, abortSignal))),
    );
    base.detached.push(
      ...(await applyInOrder(plan.detach, (u) => detachPolicy(iam, u, policyArn, abortSignal))),
    );
  }
  return withEnforcement(report, {
    ...base,
    wouldAttach: plan.attach,
    wouldDetach: plan.detach,
    ...(skippedBecause ? { skippedBecause } : {}),
  });
}

function withEnforcement(report: AuditReport, outcome: EnforcementOutcome): AuditReport {
  return { ...report, enforcement: outcome, notes: [...report.notes, ...enforcementNotes(outcome)] };
}

/** Can no longer sign in to the console without MFA: a device, no password, or no user. */
function isCompliant(facts: LiveFacts): boolean {
  if (facts.kind === 'gone') return true;
  return facts.kind === 'checked' && (facts.mfaSerials.length > 0 || facts.loginProfile === undefined);
}
