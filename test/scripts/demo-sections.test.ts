import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { DemoResult } from '../../scripts/demo/sections';
import { renderSections, SECTIONS } from '../../scripts/demo/sections';
import { REPORT } from '../alerts/fixtures';

const securityHub = SECTIONS.filter((s) => s.title.startsWith('Security Hub'));
const result = (findings: AwsSecurityFinding[]): DemoResult => ({
  report: REPORT,
  delivered: [],
  published: [],
  findings,
});
const finding = (id: string, type: string, label: string) =>
  ({ Id: id, Resources: [{ Type: type, Id: id }], Severity: { Label: label } }) as AwsSecurityFinding;

describe("the demo's Security Hub section", () => {
  it('shows the most urgent user finding whole, and how many there are', () => {
    const out = renderSections(
      result([
        finding('root', 'AwsAccount', 'CRITICAL'),
        finding('a', 'AwsIamUser', 'HIGH'),
        finding('b', 'AwsIamUser', 'CRITICAL'),
      ]),
      securityHub,
    );
    expect(out).toContain('3 finding(s) in Security Hub; the first of them:');
    expect(out).toContain('"Id": "b"');
    expect(out).not.toContain('"Id": "a"');
  });

  it('says so when Security Hub holds nothing', () => {
    expect(renderSections(result([]), securityHub)).toContain('(Security Hub holds no finding)');
  });
});
