/**
 * The value types of the settings table: how a value is read from text (an environment variable,
 * a CLI flag, `-c key=value`) or from a typed value (a construct prop, a JSON value in cdk.json),
 * and how it is written into the function's environment. A bad value throws `Mismatch`, which the
 * reader of each surface turns into a ConfigError naming the setting as that surface spells it.
 */

/** A value that is not what the setting takes: what it must be, and the offending value. */
export class Mismatch extends Error {
  override readonly name = 'Mismatch';
  constructor(
    readonly expected: string,
    readonly got: unknown,
  ) {
    super(`must be ${expected}`);
  }
}

export interface ValueType<T> {
  /** What a valid value is, as the error message says it: "X must be <expected>; got Z". */
  readonly expected: string;
  /** Boolean settings are bare flags on the CLI (`--dry-run`), not `--flag VALUE`. */
  readonly flag?: boolean;
  /** From text: an environment variable, a CLI flag's value, a `-c` value. */
  fromText(text: string): T;
  /** From a typed value: a construct prop, or a cdk.json value that is not a string. */
  fromValue(value: unknown): T;
  /** As the function's environment carries it. */
  toText(value: T): string;
}

const DIGITS = /^\d+$/;

/** A whole number within bounds. Text is digits only (surrounding spaces allowed): "12h", "1e3", "-1" are refused. */
export function int(
  min: number,
  max: number,
): ValueType<number> & { readonly bounds: readonly [number, number] } {
  const expected = `a whole number from ${min} to ${max}`;
  const check = (n: number, got: unknown): number => {
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Mismatch(expected, got);
    return n;
  };
  return {
    expected,
    bounds: [min, max],
    fromText: (text) => check(DIGITS.test(text.trim()) ? Number(text) : NaN, text),
    fromValue: (value) => check(typeof value === 'number' ? value : NaN, value),
    toText: String,
  };
}

/** A setting whose default is "not set" (no value at all): the type's values, or undefined. */
export function optional<T, E extends object>(type: ValueType<T> & E): ValueType<T | undefined> & E {
  return { ...type, toText: (v) => (v === undefined ? '' : type.toText(v)) };
}

/** One of a fixed list of words, spelt exactly. */
export function oneOf<T extends string>(values: readonly T[]): ValueType<T> {
  const expected = `one of ${values.join(', ')}`;
  const fromValue = (value: unknown): T => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    throw new Mismatch(expected, value);
  };
  return { expected, fromText: fromValue, fromValue, toText: (v) => v };
}

/** `true` or `false`, spelt so (not `TRUE`, `yes` or `1`). */
export const bool: ValueType<boolean> = {
  expected: 'true or false',
  flag: true,
  fromText: (text) => bool.fromValue(text === 'true' ? true : text === 'false' ? false : text),
  fromValue: (value) => {
    if (typeof value === 'boolean') return value;
    throw new Mismatch('true or false', value);
  },
  toText: String,
};

/** A string the validator accepts (it throws Mismatch otherwise); absent by default. */
export function text<T extends string | undefined = string | undefined>(
  expected: string,
  validate: (s: string) => string = (s) => s,
): ValueType<T> {
  const fromValue = (value: unknown): T => {
    if (typeof value !== 'string') throw new Mismatch(expected, value);
    return validate(value) as T;
  };
  return { expected, fromText: fromValue, fromValue, toText: (v) => v ?? '' };
}

/** A list of strings: comma-separated as text, an array of strings as a value; each item checked. */
export function list(
  expected: string,
  validate: (items: readonly string[]) => readonly string[],
): ValueType<readonly string[]> {
  const fromValue = (value: unknown): readonly string[] => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new Mismatch(expected, value);
    }
    return validate(value);
  };
  return {
    expected,
    fromText: (s) => {
      const items = s.split(',').map((item) => item.trim());
      if (items.some((item) => item === '')) throw new Mismatch(`${expected}, none of them empty`, s);
      return fromValue(items);
    },
    fromValue,
    toText: (v) => v.join(','),
  };
}
