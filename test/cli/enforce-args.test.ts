import { parseCliArgs } from '../../lambda/cli/args';
import { exitCodeFor } from '../../lambda/cli/exit-code';
import { enforcementLine } from '../../lambda/cli/enforcement-line';
import { ConfigError } from '../../lambda/settings/parse';
import { readHandlerConfig } from '../../lambda/handler/config';
import { readOrganizationConfig } from '../../lambda/handler/organization-config';
import { auditReport } from '../../tools/builders/report';

const POLICY_ARN = 'arn:aws:iam::123456789012:policy/MfaAuditorSelfServiceMfa';

describe('--enforce', () => {
  test('off by default: no enforcement in the options', () => {
    expect(parseCliArgs([]).enforcement).toBeUndefined();
  });

  test.each<[string[], ReturnType<typeof parseCliArgs>['enforcement']]>([
    [['--enforce', 'preview'], { mode: 'preview', enforceAfterDays: 14 }],
    [
      ['--enforce', 'on', '--enforce-policy-arn', POLICY_ARN, '--enforce-after-days', '30'],
      { mode: 'on', enforceAfterDays: 30, policyArn: POLICY_ARN },
    ],
    // A dry run changes nothing: on becomes a preview (and needs no policy).
    [['--enforce', 'on', '--dry-run'], { mode: 'preview', enforceAfterDays: 14 }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv).enforcement).toEqual(expected);
  });

  test.each([
    [['--enforce', 'on'], '--enforce on needs --enforce-policy-arn ARN'],
    [['--enforce', 'yes'], '--enforce must be one of off, preview, on; got "yes"'],
    [
      ['--enforce', 'on', '--enforce-policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      '--enforce-policy-arn must be the ARN of a customer-managed IAM policy',
    ],
    [['--enforce-after-days', '400'], '--enforce-after-days must be'],
    [['--enforce', 'preview', '--org'], 'cannot be combined with --org or --accounts'],
  ])('%j is a bad argument naming it', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(ConfigError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  test('a failed attach or detach makes the exit code 1', () => {
    const base = auditReport('2026-06-01T00:00:00.000Z', []);
    const outcome = {
      mode: 'on' as const,
      policyArn: POLICY_ARN,
      attached: [],
      detached: [],
      wouldAttach: [],
      wouldDetach: [],
    };
    expect(exitCodeFor({ ...base, enforcement: { ...outcome, failed: [] } })).toBe(0);
    expect(
      exitCodeFor({
        ...base,
        enforcement: {
          ...outcome,
          failed: [{ userName: 'alice', operation: 'AttachUserPolicy', message: 'denied' }],
        },
      }),
    ).toBe(1);
  });

  test('the stderr lines say what changed, or in preview what would', () => {
    const outcome = {
      policyArn: POLICY_ARN,
      attached: ['alice'],
      detached: [],
      failed: [],
      wouldAttach: ['alice'],
      wouldDetach: [],
    };
    expect(enforcementLine({ ...outcome, mode: 'on' })).toBe(
      'Enforcement: restricted 1: alice\nEnforcement: released 0\n',
    );
    expect(enforcementLine({ ...outcome, attached: [], mode: 'preview' })).toBe(
      'Enforcement preview (nothing changed): would restrict 1: alice\nEnforcement preview (nothing changed): would release 0\n',
    );
  });
});

describe('ENFORCEMENT in the function environment', () => {
  test('on or preview without ENFORCE_POLICY_ARN fails at cold start, naming both', () => {
    expect(() => readHandlerConfig({ ENFORCEMENT: 'on' })).toThrow(
      'ENFORCEMENT=on needs ENFORCE_POLICY_ARN (the self-service MFA policy the stack creates); it is not set',
    );
    expect(() => readHandlerConfig({ ENFORCEMENT: 'preview' })).toThrow(
      /ENFORCEMENT=preview needs ENFORCE_POLICY_ARN/,
    );
    expect(readHandlerConfig({ ENFORCEMENT: 'on', ENFORCE_POLICY_ARN: POLICY_ARN })).toMatchObject({
      enforcement: 'on',
      enforcePolicyArn: POLICY_ARN,
      enforceAfterDays: 14,
    });
  });

  test('the organization functions refuse it: enforcement is single-account', () => {
    expect(() =>
      readOrganizationConfig({
        ENFORCEMENT: 'on',
        ENFORCE_POLICY_ARN: POLICY_ARN,
        REPORT_BUCKET: 'runs-bucket',
      }),
    ).toThrow(/not supported in organization mode/);
  });
});
