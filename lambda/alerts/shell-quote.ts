/** Characters a POSIX shell never treats specially inside a word (as Python's shlex.quote). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes a value for a POSIX shell. IAM names (`[\w+=,.@-]`) come out unquoted and readable; anything
 * else is single-quoted, with embedded single quotes closed, escaped and reopened.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * `--flag value`. A value that starts with `-` is joined as `--flag=value`: the AWS CLI would read a
 * separate `-x` as an option, and IAM names may start with a hyphen.
 */
export function cliOption(flag: string, value: string): string {
  return value.startsWith('-') ? `${flag}=${shellQuote(value)}` : `${flag} ${shellQuote(value)}`;
}
