import { ConfigError } from '../settings/parse';
import type { HandlerConfig } from './config';
import { readHandlerConfig } from './config';

/** The configuration of the three organization-run functions: the handler's, with its bucket. */
export type OrganizationHandlerConfig = HandlerConfig & { readonly reportBucket: string };

/**
 * readHandlerConfig, plus what organization mode cannot run without: REPORT_BUCKET (the run's
 * account list and reports) and, when `needsOrganizationalUnits`, ORGANIZATIONAL_UNIT_IDS.
 */
export function readOrganizationConfig(
  env: NodeJS.ProcessEnv,
  options: { readonly needsOrganizationalUnits?: boolean } = {},
): OrganizationHandlerConfig {
  const config = readHandlerConfig(env);
  if (!config.reportBucket) {
    throw new ConfigError(
      "REPORT_BUCKET is not set: the organization run keeps its account list and every account's report in that bucket",
    );
  }
  if (options.needsOrganizationalUnits && config.organizationalUnitIds.length === 0) {
    throw new ConfigError(
      'ORGANIZATIONAL_UNIT_IDS is not set: the organization run lists the accounts under those roots or OUs',
    );
  }
  if (config.enforcement !== 'off') {
    throw new ConfigError(
      `ENFORCEMENT=${config.enforcement} is not supported in organization mode: enforcement restricts users of the deployment's own account only`,
    );
  }
  return { ...config, reportBucket: config.reportBucket };
}
