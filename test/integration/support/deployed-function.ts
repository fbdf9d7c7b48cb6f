import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCommand, OutputTail, runCommand } from '../../../tools/moto/run-command';
import type { AuditReport } from '../../../lambda/core/types';
import { DUMMY_CREDENTIALS, REGION } from '../../../tools/moto/clients';

/**
 * Downloads an S3 object from moto with boto3 (moto's own dependency, already in the venv: no S3
 * client among the project's npm packages), checks every member's CRC and extracts it into `dir`.
 * Prints the archive's SHA-256 in base64, the form Lambda reports as CodeSha256.
 */
const FETCH_ZIP = `
import base64, hashlib, io, json, sys, zipfile
import boto3
from botocore.config import Config
endpoint, bucket, key, dest = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="${REGION}",
                  aws_access_key_id="${DUMMY_CREDENTIALS.accessKeyId}",
                  aws_secret_access_key="${DUMMY_CREDENTIALS.secretAccessKey}",
                  config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}))
body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
archive = zipfile.ZipFile(io.BytesIO(body))
bad = archive.testzip()
if bad is not None:
    sys.exit("corrupt member in s3://%s/%s: %s" % (bucket, key, bad))
archive.extractall(dest)
print(json.dumps({"sha256": base64.b64encode(hashlib.sha256(body).digest()).decode(),
                  "bytes": len(body), "files": archive.namelist()}))
`;

export interface FetchedBundle {
  /** base64 SHA-256 of the zip, comparable with Lambda's CodeSha256. */
  readonly sha256: string;
  readonly bytes: number;
  readonly files: readonly string[];
}

export async function fetchZipFromS3(
  python: string,
  endpoint: string,
  location: { readonly bucket: string; readonly key: string },
  dir: string,
): Promise<FetchedBundle> {
  const args = ['-c', FETCH_ZIP, endpoint, location.bucket, location.key, dir];
  const result = await runCommand(python, args);
  const what = `downloading s3://${location.bucket}/${location.key} from moto`;
  if (result.exitCode !== 0) {
    throw new Error(`${what} failed (${describeCommand(python, ['-c', 'FETCH_ZIP'])}):\n${result.output}`);
  }
  const lastLine = result.output.split('\n').pop() ?? '';
  try {
    return JSON.parse(lastLine) as FetchedBundle;
  } catch {
    throw new Error(`${what}: unexpected output:\n${result.output}`);
  }
}

/**
 * Lambda's side of an invocation, in a fresh Node process as a cold start would be: load the
 * bundle, call its `handler` with the event and a context, write the outcome to a file (stdout
 * carries the function's own logs).
 */
const RUNTIME = `
const fs = require('node:fs');
const [bundle, eventJson, contextJson, resultFile] = process.argv.slice(2);
const ctx = JSON.parse(contextJson);
const deadline = Date.now() + ctx.timeoutMs;
const write = (outcome) => fs.writeFileSync(resultFile, JSON.stringify(outcome));
Promise.resolve()
  .then(() => {
    const { handler } = require(bundle);
    if (typeof handler !== 'function') throw new Error(bundle + ' exports no handler function');
    return handler(JSON.parse(eventJson), {
      functionName: ctx.functionName,
      invokedFunctionArn: ctx.invokedFunctionArn,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    });
  })
  .then((report) => write({ report }), (err) => write({ error: String((err && err.stack) || err) }));
`;

export interface DeployedFunction {
  /** The folder the deployment package was extracted to, holding `index.js`. */
  readonly dir: string;
  readonly handlerFile: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly timeoutSeconds: number;
  /** The deployed function's environment variables, as Lambda would set them. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface Invocation {
  readonly report: AuditReport;
  /** What the function logged (Powertools JSON lines on stdout). */
  readonly logs: string;
}

/**
 * Invokes the deployed bundle with `event`. Its environment is the function's own plus what
 * Lambda adds (region, credentials) and the SDK endpoint, here moto; nothing of this process's.
 */
export async function invokeDeployed(
  fn: DeployedFunction,
  event: unknown,
  aws: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<Invocation> {
  const runtime = join(fn.dir, '.runtime.cjs');
  const resultFile = join(fn.dir, `.result-${Date.now()}.json`);
  writeFileSync(runtime, RUNTIME);
  const context = {
    functionName: fn.functionName,
    invokedFunctionArn: fn.functionArn,
    timeoutMs: fn.timeoutSeconds * 1000,
  };
  const env = {
    PATH: process.env.PATH ?? '',
    ...fn.environment,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    ...aws,
  };
  const logs = new OutputTail(200_000);
  const exit = await new Promise<string | undefined>((resolvePromise) => {
    const child = spawn(
      process.execPath,
      [runtime, fn.handlerFile, JSON.stringify(event), JSON.stringify(context), resultFile],
      { cwd: fn.dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (c: Buffer) => logs.push(c));
    child.stderr.on('data', (c: Buffer) => logs.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolvePromise(`could not be started: ${err.message}`);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise(code === 0 ? undefined : `exited with ${signal ?? `code ${String(code)}`}`);
    });
  });
  const what = `the deployed handler (${fn.handlerFile}) invoked with ${JSON.stringify(event)}`;
  let outcome: { report?: AuditReport; error?: string };
  try {
    outcome = JSON.parse(readFileSync(resultFile, 'utf8')) as typeof outcome;
  } catch {
    throw new Error(`${what} ${exit ?? 'wrote no result'}. Its output:\n${logs.toString().slice(-4000)}`);
  }
  if (!outcome.report) {
    throw new Error(`${what} threw: ${outcome.error}\nIts output:\n${logs.toString().slice(-4000)}`);
  }
  return { report: outcome.report, logs: logs.toString() };
}
