import type { CliIo } from '../../../lambda/cli/main';

/** A CliIo that records what the CLI wrote, as a terminal-less caller (a pipe, CI) would see it. */
export function recordingIo(): CliIo & { readonly out: () => string; readonly err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stderrIsTty: false,
    out: () => out,
    err: () => err,
  };
}
