import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { ensureMotoVenv } from '../../tools/moto/python-venv';
import { runCommand } from '../../tools/moto/run-command';
import { buildStack } from '../lib/stack-fixture';

// cfn-lint (pinned in requirements-dev.txt, in the venv global-setup.ts prepares) on organization-mode
// templates, as .ci/run lints the default synth. Bundling is skipped (stack-fixture.ts): the asset's
// location is all that differs from `cdk synth`, and cfn-lint does not read the code.
const REPO = resolve(__dirname, '..', '..');
let workDir: string;
let cfnLint: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'mfa-auditor-org-lint-'));
  const venv = await ensureMotoVenv();
  cfnLint = join(venv.venvDir, process.platform === 'win32' ? 'Scripts' : 'bin', 'cfn-lint');
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function lint(name: string, template: unknown): Promise<{ exitCode: number | null; output: string }> {
  const file = join(workDir, `${name}.template.json`);
  writeFileSync(file, JSON.stringify(template, null, 1));
  return runCommand(cfnLint, ['--config-file', join(REPO, '.cfnlintrc'), '--', file]);
}

test.each([
  ['defaults', { organizationalUnitIds: 'ou-ab12-cd34ef56' }],
  [
    'everything set',
    {
      organizationalUnitIds: 'ou-ab12-cd34ef56,r-ab12',
      accountConcurrency: '100',
      memberRoleName: 'SecurityAuditRead',
      notify: 'always',
      iamEventRechecks: 'false',
      forwardIamEvents: 'true',
      stackSetCallAs: 'DELEGATED_ADMIN',
      alertEmails: 'a@example.com',
    },
  ],
])('the organization-mode template (%s) is cfn-lint clean', async (name, context) => {
  const template = Template.fromStack(buildStack(context)).toJSON();
  const result = await lint(name.replace(/\W+/g, '-'), template);
  expect(result.output).toBe('');
  expect(result.exitCode).toBe(0);
});

test('the linter does run: a key policy with a repeated Sid fails', async () => {
  const template = Template.fromStack(buildStack({ organizationalUnitIds: 'ou-ab12-cd34ef56' })).toJSON() as {
    Resources: Record<string, { Type: string; Properties: { KeyPolicy?: { Statement: unknown[] } } }>;
  };
  const key = Object.values(template.Resources).find((r) => r.Type === 'AWS::KMS::Key');
  const statements = key?.Properties.KeyPolicy?.Statement ?? [];
  statements.push(statements[0]);
  const result = await lint('broken', template);
  expect(result.output).toContain('E3512');
  expect(result.exitCode).not.toBe(0);
});
