import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeCommand, runCommand } from './run-command';

/** The emulator could not be prepared. The message says what failed and how, never "skipped". */
export class MotoSetupError extends Error {
  override readonly name = 'MotoSetupError';
}

export interface MotoVenvOptions {
  /** Default: $MFA_AUDITOR_VENV, else `.venv` at the repository root (git-ignored). */
  readonly venvDir?: string;
  /** Default: `requirements-dev.txt` at the repository root (holds the moto pin). */
  readonly requirementsFile?: string;
  /** Told what is being installed, once, before the slow part starts. */
  readonly onInstall?: (message: string) => void;
}

export interface MotoVenv {
  readonly venvDir: string;
  readonly python: string;
  readonly motoServer: string;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';
const EXE = process.platform === 'win32' ? '.exe' : '';
/** Holds the hash of the requirements file the venv was last installed from. */
const STAMP = '.mfa-auditor-requirements.sha256';
const LOCK = '.mfa-auditor-install.lock';
const LOCK_WAIT_MS = 15 * 60_000;

export function defaultVenvDir(): string {
  return resolve(process.env.MFA_AUDITOR_VENV || join(REPO_ROOT, '.venv'));
}

/**
 * Makes sure the venv holds the pinned moto. The usual case costs one file hash: a stamp records
 * which requirements file the venv was installed from, so pip only runs when the pins changed or
 * the venv is missing. Concurrent callers (jest workers, the demo) take turns through a lock file.
 */
export async function ensureMotoVenv(options: MotoVenvOptions = {}): Promise<MotoVenv> {
  const venvDir = resolve(options.venvDir ?? defaultVenvDir());
  const requirements = resolve(options.requirementsFile ?? join(REPO_ROOT, 'requirements-dev.txt'));
  const venv: MotoVenv = {
    venvDir,
    python: join(venvDir, BIN, `python${EXE}`),
    motoServer: join(venvDir, BIN, `moto_server${EXE}`),
  };
  const hash = createHash('sha256').update(readRequirements(requirements)).digest('hex');
  if (isReady(venv, hash)) return venv;

  mkdirSync(venvDir, { recursive: true });
  await withLock(join(venvDir, LOCK), async () => {
    if (isReady(venv, hash)) return; // another process installed it while we waited
    const fresh = !existsSync(venv.python);
    options.onInstall?.(
      `${fresh ? 'Creating' : 'Updating'} the Python venv ${venvDir} for the moto emulator ` +
        `(pip install -r ${requirements}); only needed when the pins change.`,
    );
    if (fresh) await mustRun('python3', ['-m', 'venv', venvDir]);
    await mustRun(venv.python, [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-r',
      requirements,
    ]);
    if (!existsSync(venv.motoServer)) {
      throw new MotoSetupError(
        `pip installed ${requirements} into ${venvDir} but ${venv.motoServer} is missing: ` +
          'does requirements-dev.txt still pin moto[server]?',
      );
    }
    writeFileSync(join(venvDir, STAMP), `${hash}\n`);
  });
  return venv;
}

function readRequirements(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new MotoSetupError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function isReady(venv: MotoVenv, hash: string): boolean {
  if (!existsSync(venv.motoServer) || !existsSync(venv.python)) return false;
  try {
    return readFileSync(join(venv.venvDir, STAMP), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

async function mustRun(command: string, args: readonly string[]): Promise<void> {
  const shown = describeCommand(command, args);
  let result;
  try {
    result = await runCommand(command, args);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new MotoSetupError(
      missing
        ? `${command} was not found on PATH. The moto emulator needs Python 3 with venv; ` +
            `install python3 and retry (tried: ${shown})`
        : `could not start ${shown}: ${(err as Error).message}`,
    );
  }
  if (result.exitCode !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with ${String(result.exitCode)}`;
    throw new MotoSetupError(`${shown} ${how}. Last output:\n${result.output}`);
  }
}

/** An exclusive lock file holding the owner's pid; a lock whose owner is gone is taken over. */
async function withLock(lockFile: string, fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(readFileSafe(lockFile));
    // An empty lock is one being written right now, unless it has been empty for a while.
    const abandoned = owner > 0 ? !isAlive(owner) : ageMs(lockFile) > 10_000;
    if (abandoned) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new MotoSetupError(`gave up waiting for ${lockFile} (held by pid ${owner} installing the venv)`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
