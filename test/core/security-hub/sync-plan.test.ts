import type { ExistingFinding } from '../../../lambda/core/security-hub/sync-plan';
import { planSecurityHubSync } from '../../../lambda/core/security-hub/sync-plan';
import {
  GENERATOR_ID,
  productArn,
  rootFindingId,
  userFinding,
  userFindingId,
} from '../../../lambda/core/security-hub/asff';
import type { AuditReport, Violation } from '../../../lambda/core/types';
import { ACCOUNT, FAILED_REPORT, REPORT } from '../../alerts/fixtures';

const T = { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' };
const NOW = new Date('2026-05-20T06:01:00.000Z');
const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

/** An open finding this product imported earlier for `name`. */
function openFor(name: string, overrides: Partial<ExistingFinding> = {}): ExistingFinding {
  return {
    Id: userFindingId(T, arn(name)),
    CreatedAt: '2026-05-01T06:00:00.000Z',
    GeneratorId: GENERATOR_ID,
    AwsAccountId: ACCOUNT,
    ProductArn: productArn(T),
    RecordState: 'ACTIVE',
    Resources: [
      {
        Type: 'AwsIamUser',
        Id: arn(name),
        Details: { AwsIamUser: { UserName: name, CreateDate: '2026-01-01' } },
      },
    ],
    ...overrides,
  };
}

const openRoot: ExistingFinding = {
  Id: rootFindingId(T),
  CreatedAt: '2026-04-01T06:00:00.000Z',
  GeneratorId: GENERATOR_ID,
  AwsAccountId: ACCOUNT,
  ProductArn: productArn(T),
  RecordState: 'ACTIVE',
  Resources: [{ Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}` }],
};

function violation(name: string): Violation {
  return { ...(REPORT.violations[2] as Violation), userName: name, arn: arn(name) };
}

/** A complete account audit: these violators, these unchecked users, root as given. */
function report(
  violators: string[],
  unchecked: string[] = [],
  root: AuditReport['root'] = REPORT.root,
): AuditReport {
  return {
    ...REPORT,
    status: unchecked.length ? 'incomplete' : 'complete',
    violations: violators.map(violation),
    exempted: [{ userName: 'erin', arn: arn('erin'), until: '2026-06-30', reason: 'key on order' }],
    pending: [
      { userName: 'pat', arn: arn('pat'), passwordCreated: '2026-05-19', deadline: '2026-05-22T00:00:00Z' },
    ],
    errors: unchecked.map((userName) => ({ userName, operation: 'ListMFADevices', message: 'Throttling' })),
    root,
  };
}

const plan = (r: AuditReport, findings: ExistingFinding[], complete = true) =>
  planSecurityHubSync(r, T, { findings, complete }, NOW);

describe('planSecurityHubSync', () => {
  it('opens one finding per violation, new ones created now', () => {
    const p = plan(report(['alice', 'bob']), []);
    expect(p.open.map((f) => f.Id)).toEqual([userFindingId(T, arn('alice')), userFindingId(T, arn('bob'))]);
    expect(p.open.every((f) => f.CreatedAt === NOW.toISOString() && f.UpdatedAt === NOW.toISOString())).toBe(
      true,
    );
    expect(p.resolve).toEqual([]);
  });

  it('keeps CreatedAt from the open finding it updates', () => {
    const p = plan(report(['alice']), [openFor('alice')]);
    expect(p.open[0]).toMatchObject({ CreatedAt: '2026-05-01T06:00:00.000Z', UpdatedAt: NOW.toISOString() });
  });

  it('adds the root finding when root has no MFA, keeping its CreatedAt', () => {
    const root = { ...(REPORT.root as NonNullable<AuditReport['root']>), mfaEnabled: false, violation: true };
    const p = plan(report([], [], root), [openRoot]);
    expect(p.open).toEqual([
      expect.objectContaining({ Id: rootFindingId(T), CreatedAt: openRoot.CreatedAt }),
    ]);
  });

  it.each([
    [
      'has MFA or no password now',
      'carol',
      /has an MFA device, has no console password, or no longer exists/,
    ],
    ['is validly exempted', 'erin', /exempted until 2026-06-30 \(key on order\)/],
  ])('resolves the finding of a user who %s: PASSED, ARCHIVED, informational', (_, name, why) => {
    const p = plan(report(['alice']), [openFor(name)]);
    expect(p.resolve).toHaveLength(1);
    expect(p.resolve[0]).toMatchObject({
      Id: userFindingId(T, arn(name)),
      CreatedAt: '2026-05-01T06:00:00.000Z',
      UpdatedAt: NOW.toISOString(),
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      Severity: { Label: 'INFORMATIONAL' },
      Resources: [{ Type: 'AwsIamUser', Id: arn(name), Details: { AwsIamUser: { UserName: name } } }],
    });
    expect(p.resolve[0]?.Description).toMatch(why);
  });

  it('keeps the finding of a user inside the grace period: not a violation yet, not compliant either', () => {
    const p = plan(report([]), [openFor('pat')]);
    expect(p.resolve).toEqual([]);
    expect(p.kept).toEqual([
      expect.objectContaining({ userName: 'pat', why: expect.stringMatching(/grace period/) }),
    ]);
  });

  it('keeps the finding of a renamed user who could not be checked (same IAM id, new name and ARN)', () => {
    const bob = openFor('bob', {
      Resources: [
        {
          Type: 'AwsIamUser',
          Id: arn('bob'),
          Details: { AwsIamUser: { UserName: 'bob', UserId: 'AIDABOB' } },
        },
      ],
    });
    const renamed: AuditReport = {
      ...report([]),
      status: 'incomplete',
      errors: [
        {
          userName: 'robert',
          arn: arn('robert'),
          userId: 'AIDABOB',
          operation: 'ListMFADevices',
          message: 'Throttling',
        },
      ],
    };
    const p = plan(renamed, [bob]);
    expect(p.resolve).toEqual([]);
    expect(p.kept).toEqual([
      expect.objectContaining({ userName: 'bob', why: 'this user could not be checked' }),
    ]);
  });

  it('moves UpdatedAt past the newest stored one: Security Hub ignores older updates without an error', () => {
    const later = '2026-05-20T07:00:00.000Z'; // written by a clock an hour ahead of ours
    const p = plan(report(['alice']), [openFor('alice', { UpdatedAt: later }), openFor('carol')]);
    expect(p.open[0]?.UpdatedAt).toBe('2026-05-20T07:00:00.001Z');
    expect(p.resolve[0]?.UpdatedAt).toBe('2026-05-20T07:00:00.001Z');
  });

  it('resolves the root finding when root has MFA now', () => {
    const p = plan(report([]), [openRoot]);
    expect(p.resolve).toEqual([
      expect.objectContaining({
        Id: rootFindingId(T),
        RecordState: 'ARCHIVED',
        Resources: [expect.objectContaining({ Type: 'AwsAccount' })],
      }),
    ]);
  });

  it('keeps, untouched, the finding of a user who could not be checked (any spelling of the name)', () => {
    const p = plan(report(['alice'], ['Bob']), [openFor('bob')]);
    expect(p.resolve).toEqual([]);
    expect(p.kept).toEqual([
      { findingId: userFindingId(T, arn('bob')), userName: 'bob', why: 'this user could not be checked' },
    ]);
    expect(p.open.map((f) => f.Id)).not.toContain(userFindingId(T, arn('bob')));
  });

  it("keeps the root finding when root's MFA could not be checked", () => {
    const p = plan(report([], [], null), [openRoot]);
    expect(p.resolve).toEqual([]);
    expect(p.kept).toEqual([expect.objectContaining({ findingId: rootFindingId(T), userName: null })]);
  });

  it('resolves nothing when the open findings could not all be read', () => {
    const p = plan(report(['alice']), [openFor('carol'), openRoot], false);
    expect(p.resolve).toEqual([]);
    expect(p.kept).toHaveLength(2);
    expect(p.open).toHaveLength(1);
  });

  it('never touches findings of another generator, account, product, region or already archived', () => {
    const foreign = [
      openFor('carol', { GeneratorId: 'prowler' }),
      openFor('carol', { AwsAccountId: '210987654321' }),
      openFor('carol', { ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub' }),
      openFor('carol', { Id: userFindingId({ ...T, region: 'eu-west-1' }, arn('carol')) }),
      openFor('carol', { RecordState: 'ARCHIVED' }),
    ];
    const p = plan(report([]), foreign);
    expect(p).toEqual({ open: [], resolve: [], kept: [] });
  });

  it('refuses a failed audit or a re-check of named users: they establish nothing account-wide', () => {
    expect(() => plan(FAILED_REPORT, [])).toThrow(/full audit/);
    const recheck: AuditReport = {
      ...report([]),
      scope: { kind: 'users', userNames: ['a'], notFound: [], withMfa: [] },
    };
    expect(() => plan(recheck, [])).toThrow(/full audit/);
  });

  it('an open violation stays one finding: never both opened and resolved', () => {
    const p = plan(report(['alice']), [openFor('alice')]);
    expect(p.open).toHaveLength(1);
    expect(p.resolve).toEqual([]);
    expect(userFinding(T, violation('alice'), { createdAt: 'x', updatedAt: 'y' }).Id).toBe(p.open[0]?.Id);
  });
});
