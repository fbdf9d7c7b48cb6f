import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { freePort } from './free-port';
import type { MotoVenvOptions } from './python-venv';
import { ensureMotoVenv, MotoSetupError } from './python-venv';
import { OutputTail } from './run-command';

export interface MotoServer {
  /** `http://HOST:PORT` (`http://127.0.0.1:PORT` by default): use as AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions extends MotoVenvOptions {
  /** How long moto may take to answer after it was started. Default 30 s. */
  readonly startTimeoutMs?: number;
  /**
   * The loopback address to listen on: `127.0.0.1` or `::1`. A client that must reach moto as
   * `localhost` (cdk deploy: see test/integration/support/localhost.ts) needs the address
   * `localhost` resolves to first. Default `127.0.0.1`.
   */
  readonly host?: '127.0.0.1' | '::1';
}

const DEFAULT_HOST = '127.0.0.1';
const PORT_ATTEMPTS = 3;

/**
 * Runs moto_server's own entry point (`moto.server.main`, what `moto_server -H HOST -p PORT` runs)
 * with one addition: it exits when its stdin closes. stdin is a pipe from this process, so the
 * server dies with it however it ends (a crashed jest worker, Ctrl-C, kill -9): no orphans.
 */
const LAUNCHER = `
import os, sys, threading
def _exit_with_parent():
    sys.stdin.buffer.read()
    os._exit(0)
threading.Thread(target=_exit_with_parent, daemon=True).start()
from moto.server import main
main(sys.argv[1:])
`;

class PortTaken extends Error {}

/** Ensures the venv, starts moto on a port the OS picked and resolves once it answers HTTP. */
export async function startMotoServer(options: StartMotoOptions = {}): Promise<MotoServer> {
  const venv = await ensureMotoVenv(options);
  const host = options.host ?? DEFAULT_HOST;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(host);
    try {
      return await launch(venv.python, host, port, options.startTimeoutMs ?? 30_000);
    } catch (err) {
      // The OS's free port can be taken by someone else before moto binds it.
      if (err instanceof PortTaken && attempt < PORT_ATTEMPTS) continue;
      throw err instanceof PortTaken ? new MotoSetupError(err.message) : err;
    }
  }
}

type MotoChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** `bound`: werkzeug said it serves on our port, so what answers there is this child. */
type ChildState = 'starting' | 'bound' | { readonly gone: string };

async function launch(python: string, host: string, port: number, timeoutMs: number): Promise<MotoServer> {
  // An IPv6 address goes in brackets in a URL, as werkzeug prints it ("Running on http://[::1]:PORT").
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const tail = new OutputTail();
  const child: MotoChild = spawn(python, ['-c', LAUNCHER, '-H', host, '-p', String(port)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Two callers can be handed the same free port: an answer there proves nothing until our child
  // says it is serving on it.
  let state: ChildState = 'starting';
  const onOutput = (chunk: Buffer): void => {
    tail.push(chunk);
    if (state === 'starting' && tail.toString().includes(`Running on ${endpoint}`)) state = 'bound';
  };
  // moto logs every request: keep draining, keep only the end for error messages.
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  child.once('error', (err) => (state = { gone: `could not be started: ${err.message}` }));
  child.once('exit', (code, signal) => (state = { gone: `exited (${signal ?? `code ${String(code)}`})` }));

  const failure = await waitUntilAnswering(endpoint, timeoutMs, () => state);
  if (failure !== undefined) {
    await stopChild(child);
    const message = `moto_server on ${endpoint} ${failure}. Last output:\n${tail.toString()}`;
    throw /Address already in use/i.test(tail.toString())
      ? new PortTaken(message)
      : new MotoSetupError(message);
  }
  return { endpoint, port, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

/** Resolves undefined once our child serves and answers HTTP, else why it never will. */
async function waitUntilAnswering(
  endpoint: string,
  timeoutMs: number,
  state: () => ChildState,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const now = state();
    if (typeof now === 'object') return now.gone;
    if (now === 'bound' && (await answers(endpoint))) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
  return `was not serving within ${Math.round(timeoutMs / 1000)} s`;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Closing stdin makes the launcher exit at once (os._exit). SIGTERM would too, but moto answers it
 * with sys.exit, and tearing down its interpreter takes over a second; it stays as the fallback.
 */
async function stopChild(child: MotoChild): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.end();
  const term = setTimeout(() => child.kill('SIGTERM'), 2000);
  const kill = setTimeout(() => child.kill('SIGKILL'), 7000);
  await gone;
  clearTimeout(term);
  clearTimeout(kill);
}
