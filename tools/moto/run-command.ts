import { spawn } from 'node:child_process';

/** Keeps the last `limit` characters of a stream: enough to explain a failure, never unbounded. */
export class OutputTail {
  private text = '';
  constructor(private readonly limit = 4000) {}

  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }

  toString(): string {
    return this.text.trim();
  }
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The end of stdout and stderr, interleaved as they arrived. */
  readonly output: string;
}

/** Runs a command to completion without a shell. Rejects only when it cannot be started at all. */
export function runCommand(
  command: string,
  args: readonly string[],
  tailLimit = 4000,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const tail = new OutputTail(tailLimit);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c: Buffer) => tail.push(c));
    child.stderr.on('data', (c: Buffer) => tail.push(c));
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, output: tail.toString() }));
  });
}

export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w./:=@+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}
