/**
 * cfn-lint on the organization templates: the member template exactly as the StackSet carries it
 * (its TemplateBody), the standalone member stack, and a central stack with the StackSet and the
 * bus. Integration tier because it runs the pinned cfn-lint from the Python venv that the
 * tier's global setup prepares (requirements-dev.txt), as .ci/run does for `cdk synth`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { defaultVenvDir } from '../../tools/moto/python-venv';
import { buildCentralStack, buildMemberStack } from '../lib/organization-fixture';

const CFN_LINT = path.join(defaultVenvDir(), 'bin', 'cfn-lint');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-auditor-cfn-lint-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function lint(name: string, template: unknown): { status: number | null; output: string } {
  const file = path.join(dir, `${name}.template.json`);
  fs.writeFileSync(file, JSON.stringify(template, null, 1));
  const result = spawnSync(CFN_LINT, [file], { encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const stackSetBody = (forwardIamEvents: boolean): unknown => {
  const stack = buildCentralStack({ forwardIamEvents }).stack;
  const [stackSet] = Object.values(Template.fromStack(stack).findResources('AWS::CloudFormation::StackSet'));
  return JSON.parse((stackSet?.Properties as { TemplateBody: string }).TemplateBody);
};

test.each<[string, () => unknown]>([
  ['member-stackset-body', () => stackSetBody(false)],
  ['member-stackset-body-forwarding', () => stackSetBody(true)],
  [
    'member-standalone-us-east-1',
    () => Template.fromStack(buildMemberStack({ forwardIamEvents: true }, { region: 'us-east-1' })).toJSON(),
  ],
  [
    'central-stackset',
    () => Template.fromStack(buildCentralStack({ forwardIamEvents: false }).stack).toJSON(),
  ],
  [
    'central-stackset-and-bus',
    () => Template.fromStack(buildCentralStack({ forwardIamEvents: true }).stack).toJSON(),
  ],
])('%s is cfn-lint clean', (name, template) => {
  expect(lint(name, template())).toEqual({ status: 0, output: '' });
});

test('cfn-lint does flag a broken member template', () => {
  const template = stackSetBody(false) as {
    Resources: Record<string, { Properties: Record<string, unknown> }>;
  };
  const [role] = Object.values(template.Resources);
  if (role) role.Properties.MaxSessionDuration = 60; // IAM's minimum is 3600
  const result = lint('broken', template);
  expect(result.status).not.toBe(0);
  expect(result.output).toMatch(/E3034 60 is less than the minimum of 3600/);
});
