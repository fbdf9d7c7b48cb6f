import { setMaxListeners } from 'node:events';

/**
 * Settles as `work` does, or rejects with `abandoned()` as soon as `signal` aborts, whichever comes
 * first. `work` is not stopped (pass it the signal for that): it is only no longer waited for, so a
 * call that ignores its signal, or sits in a retry backoff, cannot hold its caller past the abort.
 */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal, abandoned: () => Error): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abandoned());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abandoned());
    signal.addEventListener('abort', onAbort, { once: true });
    work.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/** Listeners one audit signal may hold at once before Node warns: far above 50 checks x 2 each. */
const SIGNAL_LISTENERS = 500;

/** An AbortController that aborts itself at `at` (never, when undefined); `dispose` stops its timer. */
export function abortAt(
  at: Date | undefined,
  nowMs: number = Date.now(),
): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // One signal serves every call of an audit: each check in flight (up to the concurrency bound, 50)
  // adds a listener here and the SDK's HTTP handler one per request, all removed when they settle.
  // Node warns past 10 as if they leaked; they do not, so the warning would only be noise in the log.
  setMaxListeners(SIGNAL_LISTENERS, controller.signal);
  const timer = at ? setTimeout(() => controller.abort(), Math.max(0, at.getTime() - nowMs)) : undefined;
  return { signal: controller.signal, dispose: () => clearTimeout(timer) };
}
