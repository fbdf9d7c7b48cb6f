import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
} from '@smithy/types';

type Counts = Record<string, number>;

/** Any SDK v3 client: only its middleware stack is touched. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClient = { readonly middlewareStack: MiddlewareStack<any, any> };

const THROTTLING_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/**
 * Counts API calls per operation through SDK middleware, so every path (paginators, retries,
 * adapters written later) is counted without each call site remembering to.
 * `calls` are logical requests; `attempts` include retries, counted inside the retry middleware.
 */
export class ApiCallCounter {
  private readonly calls: Counts = {};
  private readonly attempts: Counts = {};
  private readonly throttled: Counts = {};

  attach<C extends AnyClient>(client: C): C {
    client.middlewareStack.add(
      (next, context) => (args) => {
        increment(this.calls, operationOf(context));
        return next(args);
      },
      { step: 'initialize', name: 'mfaAuditorCountCalls', override: true },
    );
    client.middlewareStack.addRelativeTo(
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (next: FinalizeHandler<any, any>, context: HandlerExecutionContext) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        async (args: FinalizeHandlerArguments<any>) => {
          const operation = operationOf(context);
          increment(this.attempts, operation);
          try {
            return await next(args);
          } catch (err) {
            if (THROTTLING_NAMES.has((err as Error).name)) increment(this.throttled, operation);
            throw err;
          }
        },
      { relation: 'after', toMiddleware: 'retryMiddleware', name: 'mfaAuditorCountAttempts', override: true },
    );
    return client;
  }

  snapshot(): { calls: Counts; retries: Counts; throttled: Counts } {
    const retries: Counts = {};
    for (const [op, n] of Object.entries(this.attempts)) {
      const extra = n - (this.calls[op] ?? 0);
      if (extra > 0) retries[op] = extra;
    }
    return { calls: { ...this.calls }, retries, throttled: { ...this.throttled } };
  }
}

function operationOf(context: { commandName?: string }): string {
  return (context.commandName ?? 'Unknown').replace(/Command$/, '');
}

function increment(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
