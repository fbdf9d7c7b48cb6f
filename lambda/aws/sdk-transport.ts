import type {
  FinalizeHandler,
  FinalizeHandlerArguments,
  MiddlewareStack,
  NodeHttpHandlerOptions,
} from '@smithy/types';

/** How long one HTTP attempt may wait at each stage before it fails (and is retried). */
export interface RequestTimeouts {
  /** TCP connection to the endpoint. */
  readonly connectMs: number;
  /** From sending the request to the response's status and headers. */
  readonly responseMs: number;
  /** Longest silence while the response body streams in. */
  readonly idleMs: number;
}

/**
 * The one place the request timeouts are set, for every AWS client here (IAM, SNS, DynamoDB).
 * Without them the SDK waits forever on a connection that accepted a request and never answers.
 * - connect 3 s: a TCP handshake to an AWS endpoint takes milliseconds (a SYN lost twice is 3 s).
 * - response 10 s: IAM, SNS and DynamoDB answer in well under a second, throttled or not; ten
 *   times the slowest normal answer is a hang, and a retry costs less than waiting longer.
 * - idle 10 s while the body streams: the largest body is GetCredentialReport's (about 1.2 MB at
 *   5,000 users), which arrives in well under a second and keeps bytes flowing, so a total time
 *   limit would only penalise a slow link; ten silent seconds is a dead connection.
 * A timed-out attempt is a TimeoutError, which the SDK's retry strategy treats as transient: it is
 * retried like a throttle, and after the last attempt becomes that call's error. The worst case
 * per call is bounded (attempts x these timeouts, plus backoff); the audit's hard deadline bounds
 * the whole run in Lambda.
 */
export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = {
  connectMs: 3_000,
  responseMs: 10_000,
  idleMs: 10_000,
};

/** The SDK client's `requestHandler` settings (@smithy/node-http-handler's NodeHttpHandler). */
export function requestHandlerOptions(
  timeouts: RequestTimeouts = DEFAULT_REQUEST_TIMEOUTS,
): NodeHttpHandlerOptions {
  return {
    connectionTimeout: timeouts.connectMs,
    requestTimeout: timeouts.responseMs,
    // Without it, an exceeded requestTimeout only logs a warning and the request waits on.
    throwOnRequestTimeout: true,
    socketTimeout: timeouts.idleMs,
  };
}

/**
 * True for the SDK's "the response could not be read" error: a response arrived (the deserializer
 * attached it as the hidden `$response`) but it is neither the operation's output nor an AWS error
 * (which carries `$fault`), e.g. XML cut off mid-way. Timeouts and aborts are not this.
 */
export function isUnreadableResponse(err: unknown): err is Error {
  return (
    err instanceof Error &&
    '$response' in err &&
    !('$fault' in err) &&
    err.name !== 'TimeoutError' &&
    err.name !== 'AbortError'
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClient = { readonly middlewareStack: MiddlewareStack<any, any> };

/**
 * The SDK does not retry a response it could not parse (it classifies it as a client error): a
 * response truncated by the network would fail the call at once. Marks it retryable
 * (`$retryable`, which the retry strategy reads as transient) inside the retry middleware, so it is
 * retried with backoff like any transient failure.
 */
export function retryUnreadableResponses<C extends AnyClient>(client: C): C {
  client.middlewareStack.addRelativeTo(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (next: FinalizeHandler<any, any>) => async (args: FinalizeHandlerArguments<any>) => {
      try {
        return await next(args);
      } catch (err) {
        if (isUnreadableResponse(err)) Object.assign(err, { $retryable: {} });
        throw err;
      }
    },
    {
      relation: 'after',
      toMiddleware: 'retryMiddleware',
      name: 'mfaAuditorRetryUnreadableResponses',
      override: true,
    },
  );
  return client;
}
