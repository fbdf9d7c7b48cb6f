import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AuditOptions } from '../core/audit';
import { runAudit } from '../core/audit';
import { ApiCallCounter } from '../aws/api-call-counter';
import { DEFAULT_REPORT_POLLING } from '../aws/credential-report-source';
import { createIamClient } from '../aws/iam-client';
import { sdkIamPort } from '../aws/sdk-iam-port';
import type { AuditSettings } from '../settings/table';
import type { AuditReport } from '../core/types';
import { describeFailure } from '../core/errors';
import { failedExport, withExport } from '../core/security-hub/export-result';
import type * as SecurityHubAccount from './security-hub-account';
import type { SecurityHubOptions } from './security-hub-account';
import type { EnforcementOptions } from './enforce';
import { enforce } from './enforce';

export interface AuditAccountOptions {
  readonly users?: readonly string[];
  readonly accountId?: string;
  readonly onProgress?: AuditOptions['onProgress'];
  readonly deadline?: AuditOptions['deadline'];
  /** Injected for tests; production builds its own counted client. */
  readonly iam?: { readonly client: IAMClient; readonly counter: ApiCallCounter };
  /** The audited account's credentials, when they are not the default chain's (a member role). */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** After the audit, sync its findings into the audited account's Security Hub. */
  readonly securityHub?: SecurityHubOptions;
  /** After the audit, restrict overdue users (or, in preview, say who would be). */
  readonly enforcement?: EnforcementOptions;
}

/** Wires the SDK adapters to the engine: the one place both entry points (Lambda, CLI) share. */
export async function auditAccount(
  settings: AuditSettings,
  options: AuditAccountOptions = {},
): Promise<AuditReport> {
  const counter = options.iam?.counter ?? new ApiCallCounter();
  const client =
    options.iam?.client ??
    createIamClient(counter, options.credentials ? { credentials: options.credentials } : {});
  const port = sdkIamPort(client, counter, {
    ...DEFAULT_REPORT_POLLING,
    maxWaitMs: settings.reportMaxWaitSeconds * 1000,
  });
  const audited = await runAudit(port, {
    strategy: settings.strategy,
    liveThreshold: settings.liveThreshold,
    concurrency: settings.concurrency,
    policy: {
      criticalIfUsedWithinDays: settings.criticalIfUsedWithinDays,
      gracePeriodHours: settings.gracePeriodHours,
      maxExemptionDays: settings.maxExemptionDays,
    },
    users: options.users,
    accountId: options.accountId,
    onProgress: options.onProgress,
    deadline: options.deadline,
  });
  const report = options.enforcement ? await enforce(audited, client, options.enforcement) : audited;
  if (!options.securityHub) return report;
  try {
    return await loadSecurityHubExport().exportAccountFindings(report, {
      ...options.securityHub,
      credentials: options.credentials,
    });
  } catch (err) {
    // The export never costs the audit: whatever broke is the export's error, the report stands.
    const error = { findingId: null, userName: null, ...describeFailure(err) };
    return withExport(report, failedExport(report.accountId, null, [error]));
  }
}

/**
 * Loaded only when the export is on: the Security Hub client is a quarter of the bundle, and an
 * audit without it should not pay its load time at every cold start (esbuild evaluates a
 * `require`d module at the call). A `require`, not `import()`: under node16 resolution TypeScript
 * keeps `import()` native, which Jest's CommonJS runtime cannot run.
 */
function loadSecurityHubExport(): typeof SecurityHubAccount {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./security-hub-account') as typeof SecurityHubAccount;
}
