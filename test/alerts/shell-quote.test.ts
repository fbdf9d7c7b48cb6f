import { execFileSync } from 'node:child_process';
import { fixCommands } from '../../lambda/alerts/remediation';
import { cliOption, shellQuote } from '../../lambda/alerts/shell-quote';

/** The words a POSIX shell makes of a command line, one per line (NUL-separated). */
function shellWords(commandLine: string): string[] {
  const out = execFileSync('sh', ['-c', `set -- ${commandLine}; for a; do printf '%s\\0' "$a"; done`]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('quoting for a POSIX shell', () => {
  const names = [
    'alice',
    'j.smith+ops=admin,eu',
    'first_last@example.com',
    '-leading-hyphen',
    "o'brien",
    'two words',
    '$(touch /tmp/pwned)`id`;|&<>*?~!#',
    '',
  ];

  test.each(names)('%j survives the shell unchanged', (name) => {
    expect(shellWords(shellQuote(name))).toEqual([name]);
  });

  test('IAM names stay readable: no quotes where none are needed', () => {
    expect(shellQuote('j.smith+ops=admin,eu')).toBe('j.smith+ops=admin,eu');
    expect(shellQuote("o'brien")).toBe(`'o'"'"'brien'`);
  });

  test('a value starting with a hyphen is joined to its option, so the AWS CLI does not read it as one', () => {
    expect(cliOption('--user-name', '-x')).toBe('--user-name=-x');
    expect(shellWords(cliOption('--user-name', '-x y'))).toEqual(['--user-name=-x y']);
  });

  test.each(names.filter((n) => n !== ''))('the fix commands for %j pass the exact name', (name) => {
    const arn = `arn:aws:iam::123456789012:user/team/${name}`;
    const cmd = fixCommands({ userName: name, arn }, '123456789012');
    const create = shellWords(cmd.createDevice);
    const enable = shellWords(cmd.enableDevice);
    const remove = shellWords(cmd.removePassword);
    const value = (words: string[], flag: string): string | undefined => {
      const joined = words.find((w) => w.startsWith(`${flag}=`));
      return joined ? joined.slice(flag.length + 1) : words[words.indexOf(flag) + 1];
    };
    expect(create.slice(0, 3)).toEqual(['aws', 'iam', 'create-virtual-mfa-device']);
    expect(value(create, '--virtual-mfa-device-name')).toBe(name);
    expect(value(create, '--outfile')).toBe(`${name}.png`);
    expect(value(create, '--bootstrap-method')).toBe('QRCodePNG');
    expect(value(enable, '--user-name')).toBe(name);
    expect(value(enable, '--serial-number')).toBe(`arn:aws:iam::123456789012:mfa/${name}`);
    expect(value(remove, '--user-name')).toBe(name);
  });

  test('other partitions get their own serial numbers', () => {
    const cmd = fixCommands({ userName: 'bob', arn: 'arn:aws-us-gov:iam::111122223333:user/bob' }, null);
    expect(cmd.enableDevice).toContain('--serial-number arn:aws-us-gov:iam::111122223333:mfa/bob ');
  });
});
