import type { Node } from 'constructs';
import { ConfigError, namesOn, readSurface } from '../lambda/settings/parse';
import type { SettingsOn } from '../lambda/settings/table';
import { SETTINGS } from '../lambda/settings/table';

/** The CDK context keys this app reads (`-c key=value` or cdk.json "context"), from the settings table. */
export const CONTEXT_KEYS: readonly string[] = namesOn('context').map((k) => SETTINGS[k].context);

/** The settings that have a context key, by setting name (the key `timezone` is `timeZone`). */
export type AuditorContext = SettingsOn<'context'>;

/** Reads and validates this app's context from a construct's node (normally the stack's). */
export function readAuditorContext(node: Node): AuditorContext {
  return parseAuditorContext(node.getAllContext() as Record<string, unknown>);
}

/**
 * Values from `-c` are always strings (spaces around them are dropped); values from cdk.json keep
 * their JSON type, so booleans, numbers and arrays are accepted where they make sense. An empty
 * string counts as not set, so `-c slackChannelId=$UNSET_VAR` falls back to the default instead of
 * failing obscurely.
 */
export function parseAuditorContext(context: Record<string, unknown>): AuditorContext {
  rejectMisspeltKeys(Object.keys(context));
  const parsed = readSurface('context', (key) => {
    const value = typeof context[key] === 'string' ? context[key].trim() : context[key];
    return value === '' ? undefined : value;
  });
  const { slackWorkspaceId: workspaceId, slackChannelId: channelId } = parsed;
  if ((workspaceId === undefined) !== (channelId === undefined)) {
    const [given, missing] = workspaceId
      ? ['slackWorkspaceId', 'slackChannelId']
      : ['slackChannelId', 'slackWorkspaceId'];
    throw new ConfigError(
      `${missing} must be set together with ${given} (${given}=${JSON.stringify(workspaceId ?? channelId)}); ` +
        'Slack delivery needs both ids or neither',
    );
  }
  return parsed;
}

/** `-c alertemails=...` would otherwise be ignored without a word, and nobody would get alerts. */
function rejectMisspeltKeys(keys: readonly string[]): void {
  for (const key of keys) {
    const meant = CONTEXT_KEYS.find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (meant) {
      throw new ConfigError(`context key ${JSON.stringify(key)} is not known; did you mean ${meant}?`);
    }
  }
}
