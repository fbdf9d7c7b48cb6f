import type { Violation } from '../core/types';
import { virtualMfaSerial } from './iam-links';
import { cliOption, shellQuote } from './shell-quote';

/**
 * AWS's documented self-service pattern: deny everything except enrolling one's own MFA device until
 * the user signs in with MFA. The durable fix we point to. Never its opposite (a policy that denies
 * MFA actions), which stops users from enrolling at all.
 */
export const SELF_SERVICE_MFA_POLICY_URL =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html';

export interface FixCommands {
  /** Creates a virtual MFA device named after the user and writes its QR code to a PNG. */
  readonly createDevice: string;
  /** Assigns it to the user, with two consecutive codes from the user's authenticator app. */
  readonly enableDevice: string;
  /** For a user who does not need the console: remove the password instead. */
  readonly removePassword: string;
}

/** AWS CLI commands for one user, every value quoted for a POSIX shell. */
export function fixCommands(v: Pick<Violation, 'userName' | 'arn'>, accountId: string | null): FixCommands {
  const name = v.userName;
  return {
    createDevice: [
      'aws iam create-virtual-mfa-device',
      cliOption('--virtual-mfa-device-name', name),
      cliOption('--outfile', `${name}.png`),
      '--bootstrap-method QRCodePNG',
    ].join(' '),
    enableDevice: [
      'aws iam enable-mfa-device',
      cliOption('--user-name', name),
      `--serial-number ${shellQuote(virtualMfaSerial(v.arn, name, accountId))}`,
      '--authentication-code1 CODE1 --authentication-code2 CODE2',
    ].join(' '),
    removePassword: `aws iam delete-login-profile ${cliOption('--user-name', name)}`,
  };
}

/** How to fix, for people: the same in every alert, so it is written once here. */
export const HOW_TO_FIX_LINES: readonly string[] = [
  '- Assign an MFA device: open the user\'s console link > "Assign MFA device". Any type counts:',
  '  passkey or security key, authenticator app, or hardware TOTP token.',
  '- Or with the AWS CLI (commands under each user): create-virtual-mfa-device writes a QR code PNG',
  '  that holds the device secret. Have the user scan it with an authenticator app, then run',
  '  enable-mfa-device with two consecutive codes from the app (CODE1, CODE2). Hand the PNG over',
  '  securely and delete it afterwards. The first command also prints the serial number.',
  '- If the user does not need the console (automation, API-only), remove the password instead:',
  '  delete-login-profile. Its access keys keep working.',
  "- Durable fix: attach AWS's self-service MFA policy to your console users (e.g. to their group).",
  '  Until a user signs in with MFA (condition aws:MultiFactorAuthPresent) it denies everything',
  '  except managing their own MFA device, so new users enrol at their first sign-in:',
  `  ${SELF_SERVICE_MFA_POLICY_URL}`,
  '  Do not use a policy that denies the IAM MFA actions themselves: it stops users from enrolling.',
];
