import type {
  HttpHandlerOptions,
  HttpRequest,
  HttpResponse,
  RequestHandler,
  RequestHandlerOutput,
} from '@smithy/types';
import type { SimulatedAccount } from './account';
import type { Clock } from './clock';
import { globalClock } from './clock';
import type { PageCaps } from './iam-actions';
import { IAM_ACTIONS, IAM_PAGE_CAPS } from './iam-actions';
import { IamFault, throttlingFault } from './iam-fault';
import { errorXml, successXml } from './iam-xml';
import type { QueryCall } from './query-request';
import { parseQueryRequest } from './query-request';
import type { RateLimit } from './token-bucket';
import { TokenBucket } from './token-bucket';

export interface SimulatedIamOptions {
  readonly account: SimulatedAccount;
  readonly clock?: Clock;
  /** Round-trip time of every request, throttled ones included. */
  readonly latencyMs?: number;
  /** Account-wide request rate; beyond it requests are answered with Throttling. None: unlimited. */
  readonly rateLimit?: RateLimit;
  readonly pageCaps?: Partial<PageCaps>;
  /** Fails chosen calls that got past the rate limit: return the fault to answer with. */
  readonly inject?: (call: QueryCall) => IamFault | undefined;
}

export interface RequestStats {
  /** Every request that reached the account (retries included), by action. */
  readonly requests: Record<string, number>;
  /** Requests answered with Throttling, by action. */
  readonly throttled: Record<string, number>;
  readonly totalRequests: number;
  readonly totalThrottled: number;
  /** Most requests in flight at once (the client's effective concurrency). */
  readonly maxInFlight: number;
}

/**
 * IAM behind the real SDK: a Smithy HttpHandler that answers the SDK's signed query-protocol
 * requests in-process with the XML IAM sends, so serialisation, error classification, retries and
 * pagination are the SDK's own. Pass it as `requestHandler` to `new IAMClient(...)`.
 */
export class SimulatedIamHandler implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly clock: Clock;
  private readonly bucket: TokenBucket | undefined;
  private readonly pageCaps: PageCaps;
  private readonly requests: Record<string, number> = {};
  private readonly throttled: Record<string, number> = {};
  private inFlight = 0;
  private maxInFlight = 0;
  private requestCount = 0;

  constructor(private readonly options: SimulatedIamOptions) {
    this.clock = options.clock ?? globalClock;
    this.bucket = options.rateLimit && new TokenBucket(options.rateLimit, this.clock);
    this.pageCaps = { ...IAM_PAGE_CAPS, ...options.pageCaps };
  }

  async handle(
    request: HttpRequest,
    handlerOptions?: HttpHandlerOptions,
  ): Promise<RequestHandlerOutput<HttpResponse>> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const response = this.answer(request);
      if (this.options.latencyMs) await this.clock.sleep(this.options.latencyMs);
      if (handlerOptions?.abortSignal?.aborted) {
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      }
      return { response };
    } finally {
      this.inFlight -= 1;
    }
  }

  stats(): RequestStats {
    const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      requests: { ...this.requests },
      throttled: { ...this.throttled },
      totalRequests: sum(this.requests),
      totalThrottled: sum(this.throttled),
      maxInFlight: this.maxInFlight,
    };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  /** The server decides when the request arrives; the reply then travels back for `latencyMs`. */
  private answer(request: HttpRequest): HttpResponse {
    const requestId = this.nextRequestId();
    let action = 'Unknown';
    try {
      const call = parseQueryRequest(request);
      action = call.action;
      increment(this.requests, action);
      if (this.bucket && !this.bucket.tryTake()) {
        increment(this.throttled, action);
        throw throttlingFault();
      }
      const fault = this.options.inject?.(call);
      if (fault) throw fault;
      const run = IAM_ACTIONS[action];
      if (!run)
        throw new IamFault('InvalidAction', 400, `Could not find operation ${action} for version 2010-05-08`);
      const result = run(call.params, { account: this.options.account, pageCaps: this.pageCaps });
      return this.reply(200, successXml(action, result, requestId), requestId);
    } catch (err) {
      if (!(err instanceof IamFault)) throw err;
      return this.reply(err.status, errorXml(err.type, err.code, err.message, requestId), requestId);
    }
  }

  private reply(statusCode: number, xml: string, requestId: string): HttpResponse {
    const body = Buffer.from(xml, 'utf8');
    return {
      statusCode,
      headers: {
        'content-type': 'text/xml',
        'content-length': String(body.byteLength),
        'x-amzn-requestid': requestId,
        date: new Date(this.clock.now()).toUTCString(),
      },
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    };
  }

  private nextRequestId(): string {
    const n = (this.requestCount++).toString(16).padStart(12, '0');
    return `5150a1e0-0000-4000-8000-${n}`;
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
