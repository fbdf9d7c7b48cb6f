import { ConfigError, readSurface } from '../settings/parse';
import type { SettingsOn } from '../settings/table';

/**
 * The Lambda's configuration, read once from its environment (set by the CDK construct): every
 * setting of lambda/settings/table.ts that has an environment variable. Unset or empty means the
 * table's default, which is the deployed construct's default too.
 */
export type HandlerConfig = SettingsOn<'env'>;

export function readHandlerConfig(env: NodeJS.ProcessEnv): HandlerConfig {
  const config = readSurface('env', (name) => (env[name] === '' ? undefined : env[name]));
  if (config.notify === 'changes' && config.topicArn && !config.stateTable) {
    throw new ConfigError(
      'NOTIFY=changes needs STATE_TABLE (the table that keeps the last result); it is not set',
    );
  }
  if (config.enforcement !== 'off' && !config.enforcePolicyArn) {
    throw new ConfigError(
      `ENFORCEMENT=${config.enforcement} needs ENFORCE_POLICY_ARN (the self-service MFA policy the stack creates); it is not set`,
    );
  }
  return config;
}
