import FakeTimers from '@sinonjs/fake-timers';

export interface VirtualRun<T> {
  readonly value: T;
  /** Virtual milliseconds that passed while `fn` ran. */
  readonly virtualMs: number;
  readonly timersFired: number;
}

export interface VirtualClockOptions {
  /** Virtual start time; defaults to a fixed instant so runs repeat exactly. */
  readonly start?: Date;
  /** Fail instead of looping forever when something waits on a timer that never lets go. */
  readonly maxVirtualMs?: number;
  /** Called every `sampleEvery` fired timers (e.g. to sample memory). */
  readonly onTick?: () => void;
  readonly sampleEvery?: number;
}

export const VIRTUAL_EPOCH = new Date('2026-01-15T06:00:00Z');

/**
 * Runs `fn` with `Date`, `setTimeout` and `setInterval` faked, jumping the clock to each next timer
 * as soon as the program is idle, so latency, rate limits, the SDK's retry backoff and the engine's
 * report polling all take virtual time only.
 *
 * Why `clock.next()` and a native `setImmediate` rather than `tickAsync`: tickAsync yields to the
 * event loop with a native `setTimeout(0)` per timer (at least 1 ms real each), which turns the
 * tens of thousands of timers of a 5,000-user run into minutes. A native setImmediate drains every
 * promise job between timers just the same, in microseconds.
 */
export async function runOnVirtualClock<T>(
  fn: () => Promise<T>,
  options: VirtualClockOptions = {},
): Promise<VirtualRun<T>> {
  const nativeSetImmediate = globalThis.setImmediate;
  const nativeSetTimeout = globalThis.setTimeout;
  const idle = (): Promise<void> => new Promise((resolve) => nativeSetImmediate(resolve));
  const clock = FakeTimers.withGlobal(globalThis).install({
    now: options.start ?? VIRTUAL_EPOCH,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  const fakeSetTimeout = globalThis.setTimeout;
  const fakeSetInterval = globalThis.setInterval;
  // Node runs any delay below 1 ms (0, 0.3, NaN) after 1 ms; fake-timers would run it at the same
  // instant, and a loop that waits for time to pass (the SDK's adaptive rate limiter waits
  // fractions of a millisecond for a token) would then spin forever at one virtual instant.
  globalThis.setTimeout = ((handler: unknown, delay?: number, ...args: unknown[]) =>
    Reflect.apply(fakeSetTimeout, globalThis, [
      handler,
      nodeDelay(delay),
      ...args,
    ]) as unknown) as typeof setTimeout;
  globalThis.setInterval = ((handler: unknown, delay?: number, ...args: unknown[]) =>
    Reflect.apply(fakeSetInterval, globalThis, [
      handler,
      nodeDelay(delay),
      ...args,
    ]) as unknown) as typeof setInterval;
  const start = clock.now;
  const maxVirtualMs = options.maxVirtualMs ?? 3_600_000;
  const sampleEvery = options.sampleEvery ?? 100;
  let timersFired = 0;
  try {
    // A box, not a local: the callbacks assign it, which control-flow narrowing cannot see.
    const settled: { outcome?: { ok: true; value: T } | { ok: false; error: unknown } } = {};
    fn().then(
      (value) => (settled.outcome = { ok: true, value }),
      (error: unknown) => (settled.outcome = { ok: false, error }),
    );
    while (!settled.outcome) {
      await idle();
      if (settled.outcome) break;
      if (clock.countTimers() === 0) {
        // Nothing scheduled in virtual time: real I/O (e.g. a config file read) is pending.
        await new Promise((resolve) => nativeSetTimeout(resolve, 1));
        continue;
      }
      clock.next();
      timersFired += 1;
      if (options.onTick && timersFired % sampleEvery === 0) options.onTick();
      if (clock.now - start > maxVirtualMs) {
        throw new Error(`still running after ${maxVirtualMs} ms of virtual time`);
      }
    }
    const result = settled.outcome;
    if (!result.ok) throw result.error;
    return { value: result.value, virtualMs: clock.now - start, timersFired };
  } finally {
    globalThis.setTimeout = fakeSetTimeout;
    globalThis.setInterval = fakeSetInterval;
    clock.uninstall();
  }
}

/** Node's own rule (lib/internal/timers.js): a delay outside [1, 2^31 - 1] ms becomes 1 ms. */
function nodeDelay(delay: number | undefined): number {
  const ms = Number(delay);
  return ms >= 1 && ms <= 2 ** 31 - 1 ? ms : 1;
}
