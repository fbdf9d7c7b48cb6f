import { createServer } from 'node:net';

/**
 * A port the OS reports free right now. Another process may take it before we bind it, so callers
 * that start a server on it must be ready to retry.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() =>
        port ? resolve(port) : reject(new Error(`no port from ${JSON.stringify(address)}`)),
      );
    });
  });
}
