import { createServer } from 'node:http';
import type { HttpRequest } from '@smithy/types';
import type { SimulatedIamHandler } from '../tools/simulated-iam';

export interface RunningServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * Serves the simulated account over real HTTP on 127.0.0.1, so an unmodified process (the Lambda
 * bundle) can audit it through its own SDK client and Node's HTTP stack, with no simulator in
 * that process's memory.
 */
export async function serveSimulator(handler: SimulatedIamHandler): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: HttpRequest = {
        method: req.method ?? 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: req.url ?? '/',
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      handler.handle(request).then(
        ({ response }) => {
          res.writeHead(response.statusCode, response.headers);
          res.end(response.body as Uint8Array);
        },
        (err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
