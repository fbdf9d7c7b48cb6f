import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest } from '@smithy/types';
import type { SimulatedAccount } from '../../tools/simulated-iam';
import { SimulatedIamHandler } from '../../tools/simulated-iam';

/**
 * What the server does with one request: answer it, never answer it, cut its XML in half
 * (`truncate`), or send the headers and half the body and then nothing more (`stall`).
 */
export type Behaviour = 'answer' | 'hang' | 'truncate' | 'stall';

export interface LocalIamServer {
  /** `http://127.0.0.1:PORT`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Requests received, by action (retries included). */
  readonly requests: Record<string, number>;
  close(): Promise<void>;
}

/**
 * The simulated IAM account behind a real HTTP server on 127.0.0.1, so the SDK's own Node HTTP
 * handler (its timeouts, sockets, body streaming) is exercised. `behave` decides per request:
 * `nth` counts requests for that action from 1; `params` are the request's query parameters.
 */
export async function startLocalIamServer(
  account: SimulatedAccount,
  behave: (action: string, nth: number, params: URLSearchParams) => Behaviour = () => 'answer',
): Promise<LocalIamServer> {
  const simulated = new SimulatedIamHandler({ account });
  const requests: Record<string, number> = {};
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? 'Unknown';
      const nth = (requests[action] = (requests[action] ?? 0) + 1);
      const behaviour = behave(action, nth, params);
      if (behaviour === 'hang') return; // The socket stays open; nothing is ever written.
      const request = { method: req.method ?? 'POST', body, headers: {} } as unknown as HttpRequest;
      void simulated.handle(request).then(({ response }) => {
        const xml = Buffer.from(response.body as Uint8Array);
        const half = xml.subarray(0, Math.floor(xml.byteLength / 2));
        const sent = behaviour === 'truncate' ? half : xml;
        res.writeHead(response.statusCode, {
          'content-type': 'text/xml',
          'content-length': String(sent.byteLength),
          'x-amzn-requestid': response.headers['x-amzn-requestid'] ?? 'local',
        });
        if (behaviour === 'stall') res.write(half);
        else res.end(sent);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
