/**
 * Time as the simulated account sees it. The default reads the global `Date` and `setTimeout` at
 * call time, so installing fake timers (@sinonjs/fake-timers) makes the whole simulation, the SDK's
 * retry backoff and the engine's report polling virtual together.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const globalClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
