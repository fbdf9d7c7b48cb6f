/**
 * Where the Lambda's memory goes, phase by phase. Bundled like the handler (esbuild, minified, the
 * SDK inside) and run in a fresh process against the simulated account served over HTTP (see
 * lambda-memory.ts). Each phase is measured twice: RSS as it stands, and the heap still reachable
 * after a full GC (`gc()`: the process runs with --expose-gc, as Lambda's Node.js runtime starts
 * every function). Modules are loaded with require() where a phase wants them (esbuild keeps
 * such modules lazy), so loading them is a phase of its own. Writes its result as JSON to the file named by
 * its first argument (stdout carries the logger's output, as in Lambda).
 */
import { writeFileSync } from 'node:fs';
import { getHeapCodeStatistics, getHeapStatistics } from 'node:v8';
import type * as LoggerModule from '@aws-lambda-powertools/logger';
import type { IAMClient } from '@aws-sdk/client-iam';
import type * as AuditAccountModule from '../lambda/wiring/audit-account';
import type { ApiCallCounter } from '../lambda/aws/api-call-counter';
import type * as CounterModule from '../lambda/aws/api-call-counter';
import type * as ReportSourceModule from '../lambda/aws/credential-report-source';
import type * as IamClientModule from '../lambda/aws/iam-client';
import type * as ListUsersModule from '../lambda/aws/list-users';
import type * as VirtualMfaModule from '../lambda/aws/virtual-mfa';
import type * as SettingsModule from '../lambda/settings/table';
import type * as ReportCsvModule from '../lambda/core/credential-report-csv';
import type * as ReportLogModule from '../lambda/handler/report-log';

export interface ProbePhase {
  readonly phase: string;
  readonly rssMb: number;
  /** Heap still reachable after a full GC: what the phase keeps. */
  readonly retainedHeapMb: number;
  /** V8 heap reserved (committed) after that GC: the heap's share of RSS. */
  readonly heapCommittedMb: number;
  /** Buffers and other memory outside the V8 heap. */
  readonly externalMb: number;
  /** Bytecode and compiled code: what loading (and running) code costs. */
  readonly codeMb: number;
  /** ru_maxrss so far: the process's peak, garbage included. */
  readonly peakRssMb: number;
}

const MB = 1024 * 1024;
const phases: ProbePhase[] = [];
const collect = (globalThis as { gc?: () => void }).gc;

function mark(phase: string): void {
  if (!collect) throw new Error('run with --expose-gc');
  const rssMb = process.memoryUsage().rss / MB;
  collect();
  const heap = getHeapStatistics();
  const code = getHeapCodeStatistics();
  phases.push({
    phase,
    rssMb,
    retainedHeapMb: heap.used_heap_size / MB,
    heapCommittedMb: heap.total_heap_size / MB,
    externalMb: (heap.external_memory ?? process.memoryUsage().external) / MB,
    codeMb: (code.bytecode_and_metadata_size + code.code_and_metadata_size) / MB,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  });
}

/* eslint-disable @typescript-eslint/no-require-imports -- require(), typed, loads a module where the phase wants it (esbuild keeps it lazy) */
async function main(): Promise<void> {
  const [out] = process.argv.slice(2);
  if (!out) throw new Error('usage: memory-probe.js OUTPUT.json');
  mark('node started, probe bundle compiled');
  const { createIamClient } = require('../lambda/aws/iam-client') as typeof IamClientModule;
  const { ApiCallCounter } = require('../lambda/aws/api-call-counter') as typeof CounterModule;
  mark('IAM client code loaded');
  const { Logger } = require('@aws-lambda-powertools/logger') as typeof LoggerModule;
  const logger = new Logger({ serviceName: 'mfa-auditor' });
  const { auditAccount } = require('../lambda/wiring/audit-account') as typeof AuditAccountModule;
  const { listAllUsers } = require('../lambda/aws/list-users') as typeof ListUsersModule;
  const { fetchCredentialReport, DEFAULT_REPORT_POLLING } =
    require('../lambda/aws/credential-report-source') as typeof ReportSourceModule;
  const { parseCredentialReport } = require('../lambda/core/credential-report-csv') as typeof ReportCsvModule;
  const { listVirtualMfaUserArns } = require('../lambda/aws/virtual-mfa') as typeof VirtualMfaModule;
  const { logFullReport } = require('../lambda/handler/report-log') as typeof ReportLogModule;
  const { DEFAULT_SETTINGS } = require('../lambda/settings/table') as typeof SettingsModule;
  mark('engine and logger loaded');

  // As the handler builds it (createIamClient reads the report's Content without the SDK's XML parser).
  const newClient = (): { client: IAMClient; counter: ApiCallCounter } => {
    const counter = new ApiCallCounter();
    return { client: createIamClient(counter), counter };
  };
  const iam = newClient().client;
  // Each step on its own, kept alive as the audit keeps it, to see what it retains.
  const users = await listAllUsers(iam);
  mark(`ListUsers: ${users.length} users`);
  const fetched = await fetchCredentialReport(iam, DEFAULT_REPORT_POLLING);
  mark(`credential report fetched: ${(fetched.csv.length / 1024).toFixed(0)} KiB of CSV`);
  const report = parseCredentialReport(fetched.csv, fetched.generatedAt);
  mark(`credential report parsed: ${report.rows.length} rows`);
  const virtual = await listVirtualMfaUserArns(iam);
  mark(`ListVirtualMFADevices: ${virtual.size} users`);
  const kept: unknown[] = [users, fetched, report, virtual];

  // The whole audit as the handler runs it, with a client of its own as each invocation has.
  const audit = await auditAccount({ ...DEFAULT_SETTINGS, strategy: 'auto' }, { iam: newClient() });
  mark(`whole audit: ${audit.summary.candidates} candidates, ${audit.violations.length} violations`);
  logFullReport(logger, audit);
  mark('report logged');
  kept.length = 0;
  mark('step results released');
  require('../lambda/wiring/alert-delivery');
  mark('alert delivery code loaded (SNS, DynamoDB clients)');

  writeFileSync(out, JSON.stringify({ phases, found: audit.violations.map((v) => v.userName) }));
}
/* eslint-enable @typescript-eslint/no-require-imports */

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
