import type { IamPort } from './ports';
import { AwsCallError } from './errors';
import { abortAt, raceSignal } from './util/race-signal';

/** A call the audit stopped waiting for at its deadline: the answer, if any, came too late. */
export class DeadlineError extends AwsCallError {}

/**
 * The audit's hard time limit: one AbortController, aborted at `at` (measured on the audit's own
 * clock, `now`). Every IAM call gets its signal, and every port call is raced against it, so a call
 * that ignores the signal (or sits in a retry backoff) still cannot hold the audit past `at`.
 */
export class AuditDeadline {
  private readonly abort: { readonly signal: AbortSignal; dispose(): void };

  constructor(
    readonly at: Date | undefined,
    private readonly now: () => Date,
  ) {
    this.abort = abortAt(at, now().getTime());
  }

  /** The deadline has passed (on the audit's clock) or its timer has fired. */
  get reached(): boolean {
    return this.abort.signal.aborted || (this.at !== undefined && this.now() >= this.at);
  }

  /** Stops the timer; the audit is over. */
  dispose(): void {
    this.abort.dispose();
  }

  /** The port as the engine uses it: every call gets the signal and ends by the deadline. */
  bound(port: IamPort): IamPort {
    const { signal } = this.abort;
    const race = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
      const abandoned = (): DeadlineError =>
        new DeadlineError(
          operation,
          `abandoned: no answer by ${this.at?.toISOString() ?? 'the deadline'}, when the audit had to stop ` +
            "to log its report and send its alert before the function's timeout",
        );
      return this.reached ? Promise.reject(abandoned()) : raceSignal(call(), signal, abandoned);
    };
    return {
      listUsers: () => race('ListUsers', () => port.listUsers(signal)),
      fetchCredentialReport: () => race('GetCredentialReport', () => port.fetchCredentialReport(signal)),
      checkUser: (user, mfaFirst) => race('TimeBudget', () => port.checkUser(user, mfaFirst, signal)),
      listVirtualMfaUsers: () => race('ListVirtualMFADevices', () => port.listVirtualMfaUsers(signal)),
      rootMfaEnabled: () => race('GetAccountSummary', () => port.rootMfaEnabled(signal)),
      apiCalls: () => port.apiCalls(),
    };
  }
}
