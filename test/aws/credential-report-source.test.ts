import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  LimitExceededException,
} from '@aws-sdk/client-iam';
import type { GetCredentialReportCommandOutput } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { ReportPolling } from '../../lambda/aws/credential-report-source';
import { DEFAULT_REPORT_POLLING, fetchCredentialReport } from '../../lambda/aws/credential-report-source';
import { AwsCallError } from '../../lambda/core/errors';
import { REPORT_HEADER } from '../fixtures/iam';
import { accessDenied } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

const GENERATED_AT = new Date('2026-11-22T10:00:00Z');
const CSV = `${REPORT_HEADER}\nalice,arn:aws:iam::123456789012:user/alice\n`;
const REPORT: Partial<GetCredentialReportCommandOutput> = {
  Content: new TextEncoder().encode(CSV),
  GeneratedTime: GENERATED_AT,
  ReportFormat: 'text/csv',
};

/** A virtual clock: sleeping advances it at once, so no test waits. */
function virtualPolling(
  overrides: Partial<ReportPolling> = {},
): ReportPolling & { readonly slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    maxWaitMs: 30_000,
    initialDelayMs: 1_000,
    steadyPolls: 1,
    maxDelayMs: 8_000,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
    slept,
    ...overrides,
  };
}

const meta = { $metadata: {} };
const generateCalls = (): number => iamMock.commandCalls(GenerateCredentialReportCommand).length;
const getCalls = (): number => iamMock.commandCalls(GetCredentialReportCommand).length;

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

describe('fetchCredentialReport', () => {
  test('polls STARTED -> INPROGRESS -> COMPLETE, then downloads and decodes the report', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves(REPORT);
    const polling = virtualPolling();

    expect(await fetchCredentialReport(iam, polling)).toEqual({ csv: CSV, generatedAt: GENERATED_AT });
    expect([generateCalls(), getCalls()]).toEqual([3, 1]);
    expect(polling.slept).toEqual([1_000, 2_000]);
  });

  test('a report already COMPLETE is downloaded without waiting', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves(REPORT);
    const polling = virtualPolling();

    await fetchCredentialReport(iam, polling);

    expect(polling.slept).toEqual([]);
    expect([generateCalls(), getCalls()]).toEqual([1, 1]);
  });

  test.each([
    [
      'CredentialReportNotPresentException',
      () => new CredentialReportNotPresentException({ message: 'gone', ...meta }),
    ],
    [
      'CredentialReportExpiredException',
      () => new CredentialReportExpiredException({ message: 'old', ...meta }),
    ],
  ])('GetCredentialReport throwing %s => regenerates and then downloads', async (_name, error) => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).rejectsOnce(error()).resolves(REPORT);
    const polling = virtualPolling();

    expect(await fetchCredentialReport(iam, polling)).toEqual({ csv: CSV, generatedAt: GENERATED_AT });
    expect([generateCalls(), getCalls()]).toEqual([2, 2]);
    expect(polling.slept).toEqual([1_000]);
  });

  test('GetCredentialReport throwing CredentialReportNotReadyException => waits, then downloads', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'not ready', ...meta }))
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'not ready', ...meta }))
      .resolves(REPORT);
    const polling = virtualPolling();

    expect(await fetchCredentialReport(iam, polling)).toEqual({ csv: CSV, generatedAt: GENERATED_AT });
    expect(polling.slept).toEqual([1_000, 2_000]);
    expect(getCalls()).toBe(3);
  });

  test('LimitExceededException on GenerateCredentialReport => waits, then carries on', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(new LimitExceededException({ message: 'slow down', ...meta }))
      .resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves(REPORT);
    const polling = virtualPolling();

    expect(await fetchCredentialReport(iam, polling)).toEqual({ csv: CSV, generatedAt: GENERATED_AT });
    expect(polling.slept).toEqual([1_000]);
    expect(generateCalls()).toBe(2);
  });

  test('never COMPLETE within maxWaitMs => AwsCallError naming GenerateCredentialReport and the last state', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const polling = virtualPolling({ maxWaitMs: 30_000 });

    const err = await fetchCredentialReport(iam, polling).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'GenerateCredentialReport',
      message: 'credential report not ready after 30 s (last state: INPROGRESS)',
    });
    expect(getCalls()).toBe(0);
  });

  test('the first steadyPolls polls keep the initial delay, then the backoff doubles', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const polling = virtualPolling({
      maxWaitMs: 30_000,
      initialDelayMs: 2_500,
      steadyPolls: 3,
      maxDelayMs: 10_000,
    });

    await expect(fetchCredentialReport(iam, polling)).rejects.toThrow(AwsCallError);

    expect(polling.slept).toEqual([2_500, 2_500, 2_500, 5_000, 10_000]);
  });

  test('the defaults poll a report built in 5 s three times', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves(REPORT);
    const { initialDelayMs, steadyPolls, maxDelayMs } = DEFAULT_REPORT_POLLING;
    const polling = virtualPolling({ initialDelayMs, steadyPolls, maxDelayMs });

    await fetchCredentialReport(iam, polling);

    expect(generateCalls()).toBe(3);
    expect(polling.slept).toEqual([2_500, 2_500]);
  });

  test('the backoff doubles up to maxDelayMs and the waiting stays within maxWaitMs', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const polling = virtualPolling({ maxWaitMs: 30_000, initialDelayMs: 1_000, maxDelayMs: 8_000 });

    await expect(fetchCredentialReport(iam, polling)).rejects.toThrow(AwsCallError);

    expect(polling.slept).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(polling.slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(30_000);
  });

  test('rate limited until the deadline => the error says so', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .rejects(new LimitExceededException({ message: 'no', ...meta }));

    await expect(fetchCredentialReport(iam, virtualPolling())).rejects.toMatchObject({
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('last state: rate limited'),
    });
  });

  test('a report that keeps vanishing after COMPLETE => the error says so', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock
      .on(GetCredentialReportCommand)
      .rejects(new CredentialReportExpiredException({ message: 'x', ...meta }));

    await expect(fetchCredentialReport(iam, virtualPolling())).rejects.toMatchObject({
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('COMPLETE, then not downloadable'),
    });
  });

  test('access denied on GenerateCredentialReport fails at once with the permission to grant', async () => {
    iamMock.on(GenerateCredentialReportCommand).rejects(accessDenied('GenerateCredentialReport'));
    const polling = virtualPolling();

    await expect(fetchCredentialReport(iam, polling)).rejects.toMatchObject({
      operation: 'GenerateCredentialReport',
      message: expect.stringContaining('(needs iam:GenerateCredentialReport)'),
    });
    expect(polling.slept).toEqual([]);
  });

  test('access denied on GetCredentialReport fails at once with the permission to grant', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).rejects(accessDenied('GetCredentialReport'));

    await expect(fetchCredentialReport(iam, virtualPolling())).rejects.toMatchObject({
      operation: 'GetCredentialReport',
      message: expect.stringContaining('(needs iam:GetCredentialReport)'),
    });
  });

  test.each<[string, Partial<GetCredentialReportCommandOutput>]>([
    ['no Content', { ...REPORT, Content: undefined }],
    ['no GeneratedTime', { ...REPORT, GeneratedTime: undefined }],
  ])('a report with %s => AwsCallError naming GetCredentialReport', async (_what, output) => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves(output);

    await expect(fetchCredentialReport(iam, virtualPolling())).rejects.toMatchObject({
      operation: 'GetCredentialReport',
      message: 'GetCredentialReport returned no content or no GeneratedTime',
    });
  });

  test('a report in another format => AwsCallError naming the format', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iamMock
      .on(GetCredentialReportCommand)
      .resolves({ ...REPORT, ReportFormat: 'application/json' as 'text/csv' });

    await expect(fetchCredentialReport(iam, virtualPolling())).rejects.toMatchObject({
      operation: 'GetCredentialReport',
      message: expect.stringContaining('application/json'),
    });
  });

  test('the defaults poll for up to 2 minutes, 2.5 s apart three times, then at most 10 s apart', () => {
    expect(DEFAULT_REPORT_POLLING).toMatchObject({
      maxWaitMs: 120_000,
      initialDelayMs: 2_500,
      steadyPolls: 3,
      maxDelayMs: 10_000,
    });
  });
});
