import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCliArgs } from '../../lambda/cli/args';
import { readHandlerConfig } from '../../lambda/handler/config';
import { ConfigError, namesOn, readSetting, surfaceName } from '../../lambda/settings/parse';
import type { Setting, SettingName, Surface } from '../../lambda/settings/table';
import { ENGINE_SETTINGS, SETTING_NAMES, SETTINGS } from '../../lambda/settings/table';
import { parseAuditorContext } from '../../lib/context';
import { functionEnvironment } from '../../lib/function-environment';
import { resolveProps } from '../../lib/mfa-auditor';

/** Valid non-default values of the settings whose type has no obvious other value. */
const SAMPLES: Partial<Record<SettingName, unknown>> = {
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:mfa-alerts',
  stateTable: 'mfa-state',
  alertEmails: ['a@example.com', 'b@example.org'],
  slackWorkspaceId: 'T0123ABCD',
  slackChannelId: 'C0456EFGH',
  schedule: 'rate(12 hours)',
  timeZone: 'Europe/Paris',
  organizationalUnitIds: ['ou-ab12-cd34ef56', 'r-ab12'],
  memberRoleName: 'SecurityAuditReadOnly',
  reportBucket: 'mfa-auditor-reports',
  metricsDeployment: 'MfaAuditor/MfaAuditor',
  enforcePolicyArn: 'arn:aws:iam::123456789012:policy/MfaAuditor-SelfServiceMfaPolicy',
};

/** A valid value that is not the default: the other boolean, another word, a number within bounds. */
function otherValue(key: SettingName): unknown {
  if (key in SAMPLES) return SAMPLES[key];
  const s: Setting<unknown> = SETTINGS[key];
  if (typeof s.default === 'boolean') return !s.default;
  const type = s.type as { bounds?: readonly [number, number]; expected: string };
  if (type.bounds) return s.default === type.bounds[1] ? type.bounds[0] : type.bounds[1];
  const words = /^one of (.*)$/.exec(type.expected)?.[1]?.split(', ') ?? [];
  const other = words.find((w) => w !== s.default);
  if (other === undefined) throw new Error(`add a non-default value of ${key} to SAMPLES`);
  return other;
}

const asText = (key: SettingName, value: unknown): string =>
  (SETTINGS[key].type as { toText(v: unknown): string }).toText(value);

/** Each surface as its reader sees it, with one setting set as a user would set it there. */
const readers: Record<Surface, (key: SettingName, value: unknown) => unknown> = {
  env: (key, value) => {
    const env = { [surfaceName(key, 'env')]: asText(key, value) };
    // The cross-setting rules of the environment: publishing in `changes` mode needs the table,
    // enforcement (preview or on) the policy.
    const needed = { STATE_TABLE: 'mfa-state', ENFORCE_POLICY_ARN: SAMPLES.enforcePolicyArn as string };
    return readHandlerConfig({ ...needed, ...env })[key as keyof ReturnType<typeof readHandlerConfig>];
  },
  cli: (key, value) => {
    const flag = surfaceName(key, 'cli');
    if (key === 'enforcement' || key === 'enforceAfterDays' || key === 'enforcePolicyArn') {
      // The CLI gathers the three into `enforcement` (absent when off); preview needs no policy.
      const base = key === 'enforcement' ? [] : ['--enforce', 'preview'];
      const e = parseCliArgs([...base, flag, asText(key, value)]).enforcement;
      return {
        enforcement: e?.mode ?? 'off',
        enforceAfterDays: e?.enforceAfterDays,
        enforcePolicyArn: e?.policyArn,
      }[key];
    }
    const options = parseCliArgs(SETTINGS[key].type.flag ? [flag] : [flag, asText(key, value)]);
    return (ENGINE_SETTINGS as string[]).includes(key)
      ? options.settings[key as keyof typeof options.settings]
      : options[key as 'dryRun' | 'topicArn' | 'memberRoleName' | 'accountConcurrency'];
  },
  context: (key, value) => {
    const context: Record<string, unknown> = { [surfaceName(key, 'context')]: asText(key, value) };
    if (key === 'slackWorkspaceId') context.slackChannelId = SAMPLES.slackChannelId;
    if (key === 'slackChannelId') context.slackWorkspaceId = SAMPLES.slackWorkspaceId;
    return parseAuditorContext(context)[key as keyof ReturnType<typeof parseAuditorContext>];
  },
  prop: (key, value) => {
    const props: Record<string, unknown> = {};
    const [name = '', field] = surfaceName(key, 'prop').split('.');
    props[name] = field ? { workspaceId: 'T1', channelId: 'C1', [field]: value } : value;
    return resolveProps(props)[key as keyof ReturnType<typeof resolveProps>];
  },
};

const SURFACES = Object.keys(readers) as Surface[];
const cases = SETTING_NAMES.flatMap((key) =>
  SURFACES.filter((surface) => surface in SETTINGS[key]).map((surface) => [key, surface] as const),
);

describe('every setting is reachable from each surface that has it', () => {
  test.each(cases)('%s via %s', (key, surface) => {
    const value = otherValue(key);
    expect(value).not.toEqual(SETTINGS[key].default);

    expect(readers[surface](key, value)).toEqual(value);
  });

  test.each(cases)('%s via %s: a bad value names the setting as the surface spells it', (key, surface) => {
    const name = surfaceName(key, surface);
    const bad = SETTINGS[key].type.flag ? 'yes' : '\u0000';
    expect(() => readSetting(key, surface, bad)).toThrow(ConfigError);
    expect(() => readSetting(key, surface, bad)).toThrow(`${name} must be `);
  });
});

describe('one default per setting, from the table', () => {
  test.each<[Surface, () => Record<string, unknown>]>([
    ['env', () => readHandlerConfig({})],
    [
      'cli',
      () => {
        const { settings, dryRun, memberRoleName, accountConcurrency, securityHub, enforcement } =
          parseCliArgs([]);
        // The enforcement defaults, as a preview (which turns it on without other flags) reads them.
        const preview = parseCliArgs(['--enforce', 'preview']).enforcement;
        return {
          ...settings,
          dryRun,
          memberRoleName,
          accountConcurrency,
          securityHub,
          topicArn: undefined,
          enforcement: enforcement?.mode ?? 'off',
          enforceAfterDays: preview?.enforceAfterDays,
          enforcePolicyArn: preview?.policyArn,
        };
      },
    ],
    ['context', () => parseAuditorContext({})],
    ['prop', () => resolveProps({})],
  ])('%s: every setting it has takes the table default', (surface, read) => {
    const values = read();
    const names = namesOn(surface);

    expect(Object.fromEntries(names.map((k) => [k, values[k]]))).toEqual(
      Object.fromEntries(names.map((k) => [k, SETTINGS[k].default])),
    );
  });

  // The handler's defaults are what the construct deploys: notify was `always` in one, `changes` in the other.
  test('a function with no variables runs as the construct deploys it', () => {
    const deployed = readHandlerConfig(
      functionEnvironment({
        ...resolveProps({}),
        topicArn: undefined,
        stateTable: undefined,
        reportBucket: undefined,
        metricsDeployment: undefined,
        enforcePolicyArn: undefined,
      }),
    );

    expect(readHandlerConfig({})).toEqual(deployed);
  });

  test.each(SETTING_NAMES)('the default of %s is a valid value of it', (key) => {
    const s = SETTINGS[key] as Setting<unknown>;
    if (s.default !== undefined) expect(s.type.fromValue(s.default)).toEqual(s.default);
  });
});

describe('the construct writes what the handler reads', () => {
  test('every setting with a variable round-trips, non-default values included', () => {
    const props = Object.fromEntries(namesOn('prop').map((k) => [k, otherValue(k)]));
    const resolved = resolveProps({ ...props, notify: 'changes' });
    const env = functionEnvironment({
      ...resolved,
      topicArn: SAMPLES.topicArn as string,
      stateTable: 'mfa-state',
      reportBucket: 'mfa-auditor-reports',
      metricsDeployment: SAMPLES.metricsDeployment as string,
      enforcePolicyArn: SAMPLES.enforcePolicyArn as string,
    });

    const config = readHandlerConfig(env);
    for (const key of namesOn('env')) {
      expect([key, config[key]]).toEqual([
        key,
        key in resolved ? resolved[key as keyof typeof resolved] : env[surfaceName(key, 'env')],
      ]);
    }
  });
});

describe('the table', () => {
  test.each(SURFACES)('no two settings share a name on %s', (surface) => {
    const names = namesOn(surface).map((k) => surfaceName(k, surface));
    expect(names).toEqual([...new Set(names)]);
  });

  // MfaAuditorProps takes a plain prop only under the setting's own name.
  test('a plain prop is named as its setting', () => {
    const renamed = namesOn('prop').filter(
      (k) => !surfaceName(k, 'prop').includes('.') && surfaceName(k, 'prop') !== k,
    );
    expect(renamed).toEqual([]);
  });
});

describe("README's Configure table", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = /## Configure\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const documented = rows.flatMap(([keys = '', shown = '', meaning = '']) =>
    [...keys.matchAll(/`([^`]+)`/g)].map((m) => ({ key: m[1], shown, meaning })),
  );
  const shownDefault = (key: SettingName): string => {
    const text = asText(key, SETTINGS[key].default);
    return text === '' ? 'none' : `\`${text}\``;
  };

  const byKey = (a: { key?: string }, b: { key?: string }): number =>
    (a.key ?? '').localeCompare(b.key ?? '');

  test('lists exactly the context keys of the settings table, with their defaults and meanings', () => {
    expect([...documented].sort(byKey)).toEqual(
      namesOn('context')
        .map((k) => ({
          key: surfaceName(k, 'context'),
          shown: shownDefault(k),
          meaning: SETTINGS[k].doc,
        }))
        .sort(byKey),
    );
  });
});

// One parser for every surface: what the handler, the CLI and `-c` accept as a number or a boolean.
describe('value types', () => {
  test.each<[string, number]>([
    ['1', 1],
    ['50', 50],
    ['007', 7],
    [' 12 ', 12],
  ])('a whole number: reads %j as %i', (text, expected) => {
    expect(readSetting('concurrency', 'env', text)).toBe(expected);
  });

  test.each([
    '',
    ' ',
    '0',
    '51',
    '-1',
    '1.5',
    '1e1',
    '0x10',
    'ten',
    '5 users',
    'NaN',
    'Infinity',
    '99999999999999999999',
  ])('a whole number: refuses %j (bounds 1..50), naming the variable and the value', (text) => {
    expect(() => readSetting('concurrency', 'env', text)).toThrow(
      new ConfigError(`CONCURRENCY must be a whole number from 1 to 50; got ${JSON.stringify(text)}`),
    );
  });

  test.each([1.5, -1, Number.NaN, '12' as unknown as number])('a whole number prop: refuses %j', (value) => {
    expect(() => readSetting('concurrency', 'prop', value)).toThrow(
      /^concurrency must be a whole number from 1 to 50; got /,
    );
  });

  test.each(['', 'TRUE', 'True', 'yes', '1', '0', 'on'])('a boolean: refuses %j', (text) => {
    expect(() => readSetting('dryRun', 'env', text)).toThrow(
      new ConfigError(`DRY_RUN must be true or false; got ${JSON.stringify(text)}`),
    );
  });

  test.each(['', 'Auto', 'LIVE', 'fast', ' live'])('one of a list: refuses %j, spelt exactly', (text) => {
    expect(() => readSetting('strategy', 'cli', text)).toThrow(
      new ConfigError(`--strategy must be one of auto, report, live; got ${JSON.stringify(text)}`),
    );
  });
});
