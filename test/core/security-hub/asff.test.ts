import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ASFF_SCHEMA_VERSION,
  productArn,
  rootFinding,
  userFinding,
  userFindingId,
} from '../../../lambda/core/security-hub/asff';
import type { Violation } from '../../../lambda/core/types';
import { ACCOUNT, REPORT } from '../../alerts/fixtures';
import { ASFF_REQUIRED_FIELDS as REQUIRED } from '../../support/asff';

const TARGET = { accountId: ACCOUNT, region: 'eu-west-1', partition: 'aws' };
const TIMES = { createdAt: '2026-05-01T06:00:00.000Z', updatedAt: '2026-05-20T06:00:12.345Z' };

/** `UPDATE_GOLDEN=1` rewrites the file; otherwise the mapping must match it byte for byte. */
function expectGoldenJson(name: string, value: unknown): void {
  const file = join(__dirname, 'golden', name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  else if (!existsSync(file)) throw new Error(`missing golden file ${file}: run with UPDATE_GOLDEN=1`);
  else expect(text).toBe(readFileSync(file, 'utf8'));
}

const critical = REPORT.violations[0] as Violation;
const highExemptionRejected = REPORT.violations[1] as Violation;

describe('ASFF mapping', () => {
  it('a critical console user without MFA (golden)', () => {
    expectGoldenJson('user-critical.json', userFinding(TARGET, critical, TIMES));
  });

  it('a high one whose exemption was rejected (golden)', () => {
    expectGoldenJson('user-high.json', userFinding(TARGET, highExemptionRejected, TIMES));
  });

  it('the root user without MFA (golden)', () => {
    const root = {
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      mfaEnabled: false,
      passwordLastUsed: '2026-05-02T07:00:00.000Z',
      violation: true,
      severity: 'critical' as const,
      reason: 'The root user has no MFA device: anyone with its password controls the whole account',
    };
    expectGoldenJson('root.json', rootFinding(TARGET, root, TIMES));
  });

  it.each([
    ['user', userFinding(TARGET, critical, TIMES)],
    [
      'root',
      rootFinding(TARGET, { ...(REPORT.root as NonNullable<typeof REPORT.root>), violation: true }, TIMES),
    ],
  ])('%s: every required field, FAILED and ACTIVE, in the default product of the account', (_, f) => {
    for (const field of REQUIRED) expect(f[field]).toBeTruthy();
    expect(f.SchemaVersion).toBe(ASFF_SCHEMA_VERSION);
    expect(f.ProductArn).toBe(`arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`);
    expect(f.Compliance.Status).toBe('FAILED');
    expect(f.RecordState).toBe('ACTIVE');
    expect(f.Compliance.RelatedRequirements).toContain('NIST.800-53.r5 IA-2(1)');
    expect(f.FindingProviderFields.Severity).toEqual(f.Severity);
  });

  it('maps our tiers to Security Hub labels', () => {
    expect(userFinding(TARGET, critical, TIMES).Severity).toEqual({
      Label: 'CRITICAL',
      Original: 'critical',
    });
    expect(userFinding(TARGET, highExemptionRejected, TIMES).Severity).toEqual({
      Label: 'HIGH',
      Original: 'high',
    });
  });

  it('one stable id per user and region, whatever else changes', () => {
    const a = userFinding(TARGET, critical, TIMES);
    const b = userFinding(TARGET, { ...critical, severity: 'high', passwordLastUsed: null }, TIMES);
    expect(a.Id).toBe(b.Id);
    expect(a.Id).toBe(userFindingId(TARGET, critical.arn));
    expect(userFindingId({ ...TARGET, region: 'us-east-1' }, critical.arn)).not.toBe(a.Id);
  });

  it('an id stays within 512 characters for a user on the longest path, still one per user', () => {
    const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${'p/'.repeat(255)}${name}`;
    const a = userFindingId(TARGET, arn('a'));
    expect(a.length).toBeLessThanOrEqual(512);
    expect(a).toBe(userFindingId(TARGET, arn('a')));
    expect(a).not.toBe(userFindingId(TARGET, arn('b')));
  });

  it('keeps within ASFF length limits for the longest names', () => {
    const name = 'x'.repeat(64);
    const f = userFinding(TARGET, { ...critical, userName: name, reason: 'y'.repeat(2000) }, TIMES);
    expect(f.Title.length).toBeLessThanOrEqual(256);
    expect(f.Description.length).toBeLessThanOrEqual(1024);
    expect(f.Remediation.Recommendation.Text.length).toBeLessThanOrEqual(512);
  });

  it('uses the partition of the target in the product ARN', () => {
    expect(productArn({ ...TARGET, partition: 'aws-us-gov', region: 'us-gov-west-1' })).toBe(
      `arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
    );
  });
});
