import {
  BOUNDS,
  ConfigError,
  DEFAULT_SETTINGS,
  parseBoolean,
  parseInteger,
  parseStrategy,
} from '../../lambda/config';

describe('parseStrategy', () => {
  test.each(['auto', 'report', 'live'])('accepts %s', (value) => {
    expect(parseStrategy('STRATEGY', value)).toBe(value);
  });

  test.each(['', 'Auto', 'LIVE', 'fast', ' live'])(
    'rejects %j with a ConfigError naming key and value',
    (value) => {
      expect(() => parseStrategy('STRATEGY', value)).toThrow(ConfigError);
      expect(() => parseStrategy('STRATEGY', value)).toThrow(
        `STRATEGY must be one of auto, report, live; got ${JSON.stringify(value)}`,
      );
    },
  );
});

describe('parseInteger', () => {
  test.each<[string, number]>([
    ['0', 0],
    ['5', 5],
    ['50', 50],
    ['007', 7],
    [' 12 ', 12],
  ])('reads %j as %i', (value, expected) => {
    expect(parseInteger('CONCURRENCY', value, 0, 50)).toBe(expected);
  });

  test.each([
    '',
    ' ',
    '-1',
    '51',
    '1.5',
    '1e1',
    '0x10',
    'ten',
    '5 users',
    'NaN',
    'Infinity',
    '99999999999999999999',
  ])('rejects %j (bounds 0..50) with a ConfigError naming key and value', (value) => {
    expect(() => parseInteger('CONCURRENCY', value, 0, 50)).toThrow(ConfigError);
    expect(() => parseInteger('CONCURRENCY', value, 0, 50)).toThrow(
      `CONCURRENCY must be a whole number from 0 to 50; got ${JSON.stringify(value)}`,
    );
  });

  test.each<[string, number, number]>([
    ['1', 1, 1],
    ['3650', 0, 3650],
  ])('accepts %j at the bound [%i, %i]', (value, min, max) => {
    expect(parseInteger('X', value, min, max)).toBe(Number(value));
  });
});

describe('parseBoolean', () => {
  test.each<[string, boolean]>([
    ['true', true],
    ['false', false],
  ])('reads %j as %s', (value, expected) => {
    expect(parseBoolean('DRY_RUN', value)).toBe(expected);
  });

  test.each(['', 'TRUE', 'True', 'yes', '1', '0', 'on'])('rejects %j naming key and value', (value) => {
    expect(() => parseBoolean('DRY_RUN', value)).toThrow(
      new ConfigError(`DRY_RUN must be true or false; got ${JSON.stringify(value)}`),
    );
  });
});

describe('settings', () => {
  test('every default lies within its bounds', () => {
    for (const [key, [min, max]] of Object.entries(BOUNDS)) {
      const value = DEFAULT_SETTINGS[key as keyof typeof BOUNDS];
      expect([key, value >= min && value <= max]).toEqual([key, true]);
    }
  });

  test('ConfigError is an Error named ConfigError', () => {
    const err = new ConfigError('x');

    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigError');
  });
});
