import type { NamesOn, SettingName, SettingsOn, Surface, ValueOf } from './table';
import { SETTING_NAMES, SETTINGS } from './table';
import { Mismatch } from './value-types';

/**
 * A setting with a bad value, on any surface. The message is "X must be Y; got Z", X being the
 * setting as the surface names it (`--grace-hours`, `GRACE_PERIOD_HOURS`, context key or prop
 * `gracePeriodHours`).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** "X must be Y; got Z". */
function invalid(name: string, expected: string, got: unknown): ConfigError {
  return new ConfigError(`${name} must be ${expected}; got ${show(got)}`);
}

/** The setting's name on a surface; throws if it has none there (a bug, not a user error). */
export function surfaceName(key: SettingName, surface: Surface): string {
  const name = (SETTINGS[key] as Partial<Record<Surface, string>>)[surface];
  if (name === undefined) throw new Error(`setting ${key} has no ${surface} name`);
  return name;
}

/**
 * One setting from one surface. `undefined` means not set: the table's default. Text (an
 * environment variable, a CLI value, a `-c` value) is parsed; anything else (a construct prop, a
 * JSON value from cdk.json, a bare CLI flag) is checked as it is.
 */
export function readSetting<K extends SettingName>(key: K, surface: Surface, raw: unknown): ValueOf<K> {
  // A prop is a typed value: `'12'` for a number prop is a mistake, not text to parse.
  return readAs(key, surfaceName(key, surface), raw, surface !== 'prop' && typeof raw === 'string');
}

/** As readSetting, naming the setting `name` in errors (e.g. `event strategy` for an invocation's). */
export function readAs<K extends SettingName>(
  key: K,
  name: string,
  raw: unknown,
  isText = typeof raw === 'string',
): ValueOf<K> {
  const s = SETTINGS[key];
  if (raw === undefined) return s.default;
  const type = s.type as { fromText(t: string): ValueOf<K>; fromValue(v: unknown): ValueOf<K> };
  try {
    return isText ? type.fromText(raw as string) : type.fromValue(raw);
  } catch (err) {
    if (err instanceof Mismatch) throw invalid(name, err.expected, err.got);
    throw err;
  }
}

/** Names of the settings that appear on a surface, in table order. */
export function namesOn<S extends Surface>(surface: S): NamesOn<S>[] {
  return SETTING_NAMES.filter((k) => surface in SETTINGS[k]) as NamesOn<S>[];
}

/** Every setting a surface has, read by `get` (given the surface's name for it), defaults applied. */
export function readSurface<S extends Surface>(surface: S, get: (name: string) => unknown): SettingsOn<S> {
  const entries = namesOn(surface).map((k) => [k, readSetting(k, surface, get(surfaceName(k, surface)))]);
  return Object.fromEntries(entries) as SettingsOn<S>;
}

/** The function's environment: each setting that has a variable and a value, as text. */
export function toEnvironment(values: Partial<Record<NamesOn<'env'>, unknown>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of namesOn('env')) {
    const value = values[k];
    if (value === undefined) continue;
    env[surfaceName(k, 'env')] = (SETTINGS[k].type as { toText(v: unknown): string }).toText(value);
  }
  return env;
}
