import type { HandlerConfig } from '../lambda/handler/config';
import { toEnvironment } from '../lambda/settings/parse';
import type { LogLevel } from '../lambda/settings/table';

/** What the function's environment carries: every setting with a variable, plus its log level. */
export interface FunctionSettings extends HandlerConfig {
  readonly logLevel: LogLevel;
}

/**
 * The function's environment, read by lambda/handler-config.ts: every setting of the table that
 * has a variable, written out so the function's configuration shows exactly what the audit runs
 * with. DIGEST_DAYS and STATE_TABLE only exist in `changes` mode: in `always` mode there is no
 * digest and no table, and a variable the function ignores would misstate what it runs with. For
 * the same reason the organization's variables exist only in organization mode, and
 * ENFORCE_AFTER_DAYS and ENFORCE_POLICY_ARN only with `enforcement` other than `off` (ENFORCEMENT
 * itself is always written, so the configuration says enforcement is off).
 */
export function functionEnvironment(s: FunctionSettings): Record<string, string> {
  const changes = s.notify === 'changes';
  const organization = s.organizationalUnitIds.length > 0;
  const enforcing = s.enforcement !== 'off';
  return {
    ...toEnvironment({
      ...s,
      digestDays: changes ? s.digestDays : undefined,
      stateTable: changes ? s.stateTable : undefined,
      organizationalUnitIds: organization ? s.organizationalUnitIds : undefined,
      memberRoleName: organization ? s.memberRoleName : undefined,
      enforceAfterDays: enforcing ? s.enforceAfterDays : undefined,
      enforcePolicyArn: enforcing ? s.enforcePolicyArn : undefined,
    }),
    POWERTOOLS_SERVICE_NAME: 'mfa-auditor',
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  };
}
