import {
  AccessDeniedException,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { GENERATOR_ID, productArn, userFindingId } from '../../lambda/core/security-hub/asff';
import type { AuditReport } from '../../lambda/core/types';
import { exportToSecurityHub } from '../../lambda/wiring/security-hub-export';
import { ACCOUNT, FAILED_REPORT, REPORT } from '../alerts/fixtures';

const shMock = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'us-east-1' });
afterAll(() => shMock.restore());
beforeEach(() => shMock.reset());

const T = { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' };
const deps = {
  client,
  accountId: ACCOUNT,
  partition: 'aws',
  now: () => new Date('2026-05-20T06:01:00Z'),
  sleep: () => Promise.resolve(),
};
const carolArn = `arn:aws:iam::${ACCOUNT}:user/carol`;
const openCarol = {
  Id: userFindingId(T, carolArn),
  CreatedAt: '2026-05-01T00:00:00Z',
  GeneratorId: GENERATOR_ID,
  AwsAccountId: ACCOUNT,
  ProductArn: productArn(T),
  RecordState: 'ACTIVE',
  Resources: [{ Type: 'AwsIamUser', Id: carolArn }],
};

describe('exportToSecurityHub', () => {
  it('a failed audit changes nothing in Security Hub and says why', async () => {
    const out = await exportToSecurityHub(FAILED_REPORT, deps);
    expect(out.securityHub).toMatchObject({
      status: 'skipped',
      skippedBecause: expect.stringMatching(/audit failed/),
    });
    expect(shMock.calls()).toHaveLength(0);
  });

  it('a re-check of named users changes nothing either', async () => {
    const recheck: AuditReport = {
      ...REPORT,
      scope: { kind: 'users', userNames: ['a'], notFound: [], withMfa: [] },
    };
    const out = await exportToSecurityHub(recheck, deps);
    expect(out.securityHub?.status).toBe('skipped');
    expect(shMock.calls()).toHaveLength(0);
  });

  it('opens the violations and resolves a user now compliant, counting both', async () => {
    shMock.on(GetFindingsCommand).resolves({ Findings: [openCarol as never] });
    shMock.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 4 });

    const out = await exportToSecurityHub(REPORT, deps);

    expect(out.securityHub).toMatchObject({
      status: 'exported',
      region: 'us-east-1',
      opened: 3,
      resolved: 1,
      errors: [],
    });
    expect(out.notes).toEqual(REPORT.notes);
    const sent = shMock.commandCalls(BatchImportFindingsCommand)[0]?.args[0].input.Findings ?? [];
    expect(sent.find((f) => f.Id === openCarol.Id)).toMatchObject({
      RecordState: 'ARCHIVED',
      CreatedAt: openCarol.CreatedAt,
    });
  });

  it('open findings that cannot be read: violations still imported, nothing resolved, partial with a note', async () => {
    shMock.on(GetFindingsCommand).rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));
    shMock.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 3 });

    const out = await exportToSecurityHub(REPORT, deps);

    expect(out.securityHub).toMatchObject({ status: 'partial', opened: 3, resolved: 0 });
    expect(out.securityHub?.errors).toEqual([
      expect.objectContaining({
        findingId: null,
        userName: null,
        operation: 'GetFindings',
        permission: 'securityhub:GetFindings',
      }),
    ]);
    expect(out.notes.at(-1)).toMatch(/^Security Hub export was partial: 1 error\(s\) \(first: GetFindings: /);
  });

  it('a rejected finding is an error naming its user, and the note lists them', async () => {
    shMock.on(GetFindingsCommand).resolves({ Findings: [] });
    const alice = userFindingId(T, (REPORT.violations[0] as { arn: string }).arn);
    shMock.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 2,
      FailedFindings: [{ Id: alice, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    });

    const out = await exportToSecurityHub(REPORT, deps);

    expect(out.securityHub).toMatchObject({ status: 'partial', opened: 2 });
    expect(out.securityHub?.errors).toEqual([
      expect.objectContaining({ findingId: alice, userName: 'alice.ng@example.com', code: 'InvalidInput' }),
    ]);
    expect(out.notes.at(-1)).toMatch(/for alice\.ng@example\.com/);
  });

  it('every import denied: failed, every finding listed', async () => {
    shMock.on(GetFindingsCommand).resolves({ Findings: [] });
    shMock
      .on(BatchImportFindingsCommand)
      .rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));

    const out = await exportToSecurityHub(REPORT, deps);

    expect(out.securityHub?.status).toBe('failed');
    expect(out.securityHub?.errors).toHaveLength(3);
    expect(out.notes.at(-1)).toMatch(/^Security Hub export failed: 3 error\(s\)/);
  });
});
