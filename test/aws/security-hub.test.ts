import {
  AccessDeniedException,
  BatchImportFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import {
  createSecurityHubClient,
  IMPORT_BATCH,
  importFindings,
  readOpenFindings,
} from '../../lambda/aws/security-hub';
import type { AsffFinding } from '../../lambda/core/security-hub/asff';
import { GENERATOR_ID, productArn, userFinding } from '../../lambda/core/security-hub/asff';
import type { ExistingFinding } from '../../lambda/core/security-hub/sync-plan';
import type { Violation } from '../../lambda/core/types';
import { ACCOUNT, REPORT } from '../alerts/fixtures';

const shMock = mockClient(SecurityHubClient);
const client = new SecurityHubClient({ region: 'us-east-1' });
afterAll(() => shMock.restore());
beforeEach(() => shMock.reset());

const T = { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' };
const QUERY = { generatorId: GENERATOR_ID, accountId: ACCOUNT, productArn: productArn(T) };

function findings(n: number): AsffFinding[] {
  const base = REPORT.violations[0] as Violation;
  return Array.from({ length: n }, (_, i) =>
    userFinding(
      T,
      { ...base, userName: `u${i}`, arn: `arn:aws:iam::${ACCOUNT}:user/u${i}` },
      {
        createdAt: 'c',
        updatedAt: 'u',
      },
    ),
  );
}
const noSleep = () => Promise.resolve();

describe('importFindings', () => {
  test('sends at most 100 findings a call, every one exactly once', async () => {
    shMock.on(BatchImportFindingsCommand).callsFake((input: { Findings?: unknown[] }) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
    }));
    const all = findings(250);

    const { imported, rejected } = await importFindings(client, all, { sleep: noSleep });

    const calls = shMock.commandCalls(BatchImportFindingsCommand);
    expect(calls.map((c) => c.args[0].input.Findings?.length)).toEqual([IMPORT_BATCH, IMPORT_BATCH, 50]);
    expect(calls.flatMap((c) => c.args[0].input.Findings?.map((f) => f.Id))).toEqual(all.map((f) => f.Id));
    expect(imported).toEqual(all.map((f) => f.Id));
    expect(rejected).toEqual([]);
  });

  test('a finding Security Hub rejects is reported with its code, never dropped', async () => {
    const all = findings(3);
    shMock.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 2,
      FailedCount: 1,
      FailedFindings: [{ Id: all[1]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding is too big' }],
    });

    const { imported, rejected } = await importFindings(client, all, { sleep: noSleep });

    expect(imported).toEqual([all[0]?.Id, all[2]?.Id]);
    expect(rejected).toEqual([
      {
        findingId: all[1]?.Id,
        operation: 'BatchImportFindings',
        code: 'InvalidInput',
        message: 'Security Hub rejected the finding: InvalidInput: Finding is too big',
      },
    ]);
    expect(shMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(1);
  });

  test('findings rejected for throttling are sent again, alone, after a pause', async () => {
    const all = findings(3);
    const sleeps: number[] = [];
    shMock
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 2,
        FailedFindings: [{ Id: all[2]?.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
      })
      .resolves({ FailedCount: 0, SuccessCount: 1 });

    const { imported, rejected } = await importFindings(client, all, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });

    expect([...imported].sort()).toEqual(all.map((f) => f.Id).sort());
    expect(rejected).toEqual([]);
    expect(
      shMock.commandCalls(BatchImportFindingsCommand)[1]?.args[0].input.Findings?.map((f) => f.Id),
    ).toEqual([all[2]?.Id]);
    expect(sleeps).toEqual([1000]);
  });

  test('still throttled after two more tries: rejected, saying so', async () => {
    const all = findings(1);
    shMock.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: all[0]?.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });

    const { rejected } = await importFindings(client, all, { sleep: noSleep });

    expect(shMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(3);
    expect(rejected).toEqual([
      expect.objectContaining({ findingId: all[0]?.Id, code: 'ThrottlingException' }),
    ]);
  });

  test('a denied call rejects every finding of its batch, naming the permission; later batches still go', async () => {
    const all = findings(150);
    shMock
      .on(BatchImportFindingsCommand)
      .rejectsOnce(new AccessDeniedException({ message: 'not authorized', $metadata: { requestId: 'r1' } }))
      .resolves({ FailedCount: 0, SuccessCount: 50 });

    const { imported, rejected } = await importFindings(client, all, { sleep: noSleep });

    expect(rejected).toHaveLength(100);
    expect(rejected[0]).toMatchObject({
      findingId: all[0]?.Id,
      operation: 'BatchImportFindings',
      code: 'AccessDeniedException',
      permission: 'securityhub:BatchImportFindings',
      requestId: 'r1',
    });
    expect(rejected[0]?.message).toMatch(/needs securityhub:BatchImportFindings/);
    expect(imported).toEqual(all.slice(100).map((f) => f.Id));
  });

  test('counts that do not add up: no finding of the batch is claimed imported', async () => {
    const all = findings(3);
    shMock.on(BatchImportFindingsCommand).resolves({
      SuccessCount: 1,
      FailedCount: 2,
      FailedFindings: [{ Id: all[0]?.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    });

    const { imported, rejected } = await importFindings(client, all, { sleep: noSleep });

    expect(imported).toEqual([]);
    expect(rejected.map((r) => r.findingId).sort()).toEqual([all[0]?.Id, all[1]?.Id, all[2]?.Id].sort());
    expect(rejected.find((r) => r.findingId === all[1]?.Id)?.message).toMatch(
      /does not say whether it took this finding \(SuccessCount 1, FailedCount 2/,
    );
  });

  test('no region anywhere: the client fails, it never guesses one', async () => {
    const restore = {
      AWS_REGION: process.env.AWS_REGION,
      AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION,
    };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      const bare = createSecurityHubClient(new ApiCallCounter());
      await expect(bare.config.region()).rejects.toThrow(/[Rr]egion/);
      expect(
        await createSecurityHubClient(new ApiCallCounter(), { region: 'eu-west-1' }).config.region(),
      ).toBe('eu-west-1');
    } finally {
      Object.assign(process.env, restore);
    }
  });

  test('Security Hub not enabled: the error says to check that', async () => {
    shMock.on(BatchImportFindingsCommand).rejects(
      new InvalidAccessException({
        message: 'Account is not subscribed to AWS Security Hub',
        $metadata: {},
      }),
    );

    const { rejected } = await importFindings(client, findings(1), { sleep: noSleep });

    expect(rejected[0]?.message).toMatch(
      /not subscribed.*is Security Hub enabled in this account and region\?/,
    );
  });
});

describe('readOpenFindings', () => {
  test('asks for our generator, account, product and ACTIVE, and follows NextToken', async () => {
    shMock
      .on(GetFindingsCommand, { NextToken: undefined })
      .resolves({ Findings: [{ Id: 'a' } as never], NextToken: 't1' })
      .on(GetFindingsCommand, { NextToken: 't1' })
      .resolves({ Findings: [{ Id: 'b' } as never] });
    const pages: ExistingFinding[][] = [];

    await readOpenFindings(client, QUERY, (p) => pages.push([...p]));

    expect(pages.map((p) => p.map((f) => f.Id))).toEqual([['a'], ['b']]);
    const input = shMock.commandCalls(GetFindingsCommand)[0]?.args[0].input;
    expect(input?.MaxResults).toBe(100);
    expect(input?.Filters).toEqual({
      GeneratorId: [{ Value: GENERATOR_ID, Comparison: 'EQUALS' }],
      AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
      ProductArn: [{ Value: productArn(T), Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    });
  });

  test('a NextToken returned twice stops the listing with an error (after handing over what it read)', async () => {
    shMock.on(GetFindingsCommand).resolves({ Findings: [{ Id: 'a' } as never], NextToken: 'same' });
    const seen: string[] = [];

    await expect(
      readOpenFindings(client, QUERY, (p) => seen.push(...p.map((f) => f.Id))),
    ).rejects.toMatchObject({
      operation: 'GetFindings',
      message: expect.stringMatching(/same Marker twice/),
    });
    expect(seen.length).toBeGreaterThan(0);
  });

  test('denied: an AwsCallError naming securityhub:GetFindings', async () => {
    shMock.on(GetFindingsCommand).rejects(new AccessDeniedException({ message: 'no', $metadata: {} }));

    await expect(readOpenFindings(client, QUERY, () => undefined)).rejects.toMatchObject({
      operation: 'GetFindings',
      permission: 'securityhub:GetFindings',
    });
  });
});
