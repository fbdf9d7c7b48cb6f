import { gunzipSync } from 'node:zlib';
import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as iamSdk from '@aws-sdk/client-iam';
import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import * as snsSdk from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { AlertState } from '../../lambda/core/alert-state';
import type * as HandlerModule from '../../lambda/handler/handler';
import { iamUser } from '../../tools/builders/iam';
import type { AccountUser } from '../fixtures/iam-sdk';
import { accessDenied, stubIamAccount, VIRTUAL_MFA } from '../fixtures/iam-sdk';
import { captureEmf, emittedSeries } from '../support/emf';

type Handler = typeof HandlerModule.handler;

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:mfa-alerts';
const CONTEXT = {
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:210987654321:function:mfa-auditor',
  functionName: 'mfa-auditor',
};
const BASE_ENV = {
  AWS_REGION: 'us-east-1',
  TOPIC_ARN,
  NOTIFY: 'always',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_LAMBDA_LOG_LEVEL: 'FATAL',
};

const iamMock = mockClient(IAMClient);
const snsMock = mockClient(SNSClient);
const dynamoMock = mockClient(DynamoDBClient);

const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const alice: AccountUser = { user: iamUser('alice'), password: PASSWORD };
const bob: AccountUser = { user: iamUser('bob'), password: PASSWORD, mfaSerials: [VIRTUAL_MFA] };

const savedEnv = { ...process.env };

function useEnv(env: Record<string, string | undefined>): void {
  process.env = { ...savedEnv, ...BASE_ENV, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
}

/**
 * A fresh copy of the handler, as at a Lambda cold start: it reads its configuration from the
 * environment when imported. The SDK modules stay the ones mocked here, so the mocks apply.
 */
function loadHandler(env: Record<string, string | undefined> = {}): Handler {
  useEnv(env);
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    jest.doMock('@aws-sdk/client-iam', () => iamSdk);
    jest.doMock('@aws-sdk/client-sns', () => snsSdk);
    jest.doMock('@aws-sdk/client-dynamodb', () => dynamodbSdk);
    handler = jest.requireActual<typeof HandlerModule>('../../lambda/handler/handler').handler;
  });
  if (!handler) throw new Error('lambda/handler did not load');
  return handler;
}

const publishedTopics = (): (string | undefined)[] =>
  snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.TopicArn);

afterAll(() => {
  process.env = savedEnv;
  iamMock.restore();
  snsMock.restore();
  dynamoMock.restore();
});
beforeEach(() => {
  iamMock.reset();
  snsMock.reset();
  dynamoMock.reset();
  stubIamAccount(iamMock, { users: [alice, bob], rootMfaEnabled: true });
  iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['prod-main'] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'msg-1' });
});

describe('handler', () => {
  test('a scheduled invocation ({}) publishes once to TOPIC_ARN and returns the report', async () => {
    const handler = loadHandler();

    const report = await handler({}, CONTEXT);

    expect(publishedTopics()).toEqual([TOPIC_ARN]);
    expect(report).toMatchObject({ status: 'complete', summary: { usersScanned: 2, violations: 1 } });
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
  });

  test('an invocation without an event publishes like a scheduled one', async () => {
    const handler = loadHandler();

    await handler(undefined, CONTEXT);

    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('a dryRun invocation audits but does not publish', async () => {
    const handler = loadHandler();

    const report = await handler({ dryRun: true }, CONTEXT);

    expect(snsMock.calls()).toHaveLength(0);
    expect(report.summary.violations).toBe(1);
  });

  test('a dry-run deployment (DRY_RUN=true) never publishes', async () => {
    const handler = loadHandler({ DRY_RUN: 'true' });

    await handler({}, CONTEXT);

    expect(snsMock.calls()).toHaveLength(0);
  });

  test('without TOPIC_ARN the report is only returned', async () => {
    const handler = loadHandler({ TOPIC_ARN: undefined });

    const report = await handler({}, CONTEXT);

    expect(snsMock.calls()).toHaveLength(0);
    expect(report.status).toBe('complete');
  });

  test('a failed audit publishes its failure notice, then throws naming the failed call', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));
    const handler = loadHandler();

    await expect(handler({}, CONTEXT)).rejects.toThrow(/ListUsers: AccessDenied: .*\(needs iam:ListUsers\)/);
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('an account alias that cannot be read: the alert goes out without it', async () => {
    iamMock.on(ListAccountAliasesCommand).rejects(accessDenied('ListAccountAliases'));
    const handler = loadHandler();

    await handler({}, CONTEXT);

    expect(publishedTopics()).toEqual([TOPIC_ARN]);
    const subject = snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Subject ?? '';
    expect(subject).toBe('MFA audit: 1 console user without MFA in 210987654321');
  });

  test('a failed dryRun audit throws without publishing', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));
    const handler = loadHandler();

    await expect(handler({ dryRun: true }, CONTEXT)).rejects.toThrow(/ListUsers/);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('with no time left it asks IAM nothing and fails, saying why (never "complete")', async () => {
    const handler = loadHandler();

    await expect(handler({}, { ...CONTEXT, getRemainingTimeInMillis: () => 0 })).rejects.toThrow(
      /MFA audit failed: ListUsers: abandoned/,
    );
    expect(iamMock.commandCalls(ListUsersCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(GetLoginProfileCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(ListMFADevicesCommand)).toHaveLength(0);
  });

  test('with Lambda time to spare it checks everyone', async () => {
    const handler = loadHandler();

    const report = await handler({}, { ...CONTEXT, getRemainingTimeInMillis: () => 900_000 });

    expect(report.status).toBe('complete');
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
  });

  test('an incomplete audit (one user unchecked) is returned and published, not thrown', async () => {
    iamMock.on(GetLoginProfileCommand, { UserName: 'bob' }).rejects(accessDenied('GetLoginProfile'));
    const handler = loadHandler();

    const report = await handler({}, CONTEXT);

    expect(report.status).toBe('incomplete');
    expect(report.errors).toEqual([
      {
        userName: 'bob',
        arn: expect.any(String),
        userId: expect.any(String),
        operation: 'GetLoginProfile',
        message: expect.stringContaining('(needs iam:GetLoginProfile)'),
        code: 'AccessDenied',
        permission: 'iam:GetLoginProfile',
      },
    ]);
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test.each<[string, unknown, RegExp]>([
    ['a misspelt key', { dryrun: true }, /"dryrun"/],
    ['an unknown key', { user: 'alice' }, /"user"/],
    ['dryRun as a string', { dryRun: 'true' }, /dryRun/],
    ['a bad strategy', { strategy: 'fast' }, /strategy.*"fast"/],
    ['users as a string', { users: 'alice' }, /users/],
    ['an array', [], /event must be a JSON object/],
  ])('a bad event (%s) throws naming the problem, before any AWS call', async (_what, event, message) => {
    const handler = loadHandler();

    await expect(handler(event, CONTEXT)).rejects.toThrow(message);
    expect(iamMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('the account id comes from the invoked function ARN', async () => {
    const handler = loadHandler();

    expect((await handler({ dryRun: true }, CONTEXT)).accountId).toBe('210987654321');
  });

  test('a users event re-checks only those users, not the root user', async () => {
    const handler = loadHandler();

    const report = await handler({ dryRun: true, users: ['bob'] }, CONTEXT);

    expect(iamMock.commandCalls(GetLoginProfileCommand).map((c) => c.args[0].input.UserName)).toEqual([
      'bob',
    ]);
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(0);
    expect(report.summary).toMatchObject({ usersScanned: 1, violations: 0 });
  });

  test('a strategy in the event overrides the configured one', async () => {
    const handler = loadHandler({ STRATEGY: 'report' });

    const report = await handler({ dryRun: true, strategy: 'live' }, CONTEXT);

    expect(report).toMatchObject({ strategy: 'live', requestedStrategy: 'live' });
  });

  test('a failed publish fails the invocation, naming Publish', async () => {
    snsMock.on(PublishCommand).rejects(new Error('network down'));
    const handler = loadHandler();

    await expect(handler({}, CONTEXT)).rejects.toMatchObject({
      operation: 'Publish',
      message: expect.stringContaining('network down'),
    });
  });

  test('a bad setting fails at cold start, naming the variable and the value', () => {
    expect(() => loadHandler({ CONCURRENCY: '0' })).toThrow(/CONCURRENCY .*"0"/);
  });
});

describe('handler: nothing goes to SNS or DynamoDB unless it publishes', () => {
  test.each<[string, Record<string, string | undefined>, unknown]>([
    ['a dryRun invocation', {}, { dryRun: true }],
    ['a dry-run deployment (DRY_RUN=true)', { DRY_RUN: 'true' }, {}],
    ['a deployment without TOPIC_ARN', { TOPIC_ARN: undefined }, {}],
    [
      'a dryRun invocation in changes mode',
      { NOTIFY: 'changes', STATE_TABLE: 'mfa-state' },
      { dryRun: true },
    ],
  ])('%s audits and makes no SNS or DynamoDB call', async (_what, env, event) => {
    const report = await loadHandler(env)(event, CONTEXT);

    expect(report.summary.violations).toBe(1);
    expect(snsMock.calls()).toHaveLength(0);
    expect(dynamoMock.calls()).toHaveLength(0);
  });

  test('a failed dryRun audit makes neither', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));

    await expect(loadHandler()({ dryRun: true }, CONTEXT)).rejects.toThrow(/ListUsers/);

    expect(snsMock.calls()).toHaveLength(0);
    expect(dynamoMock.calls()).toHaveLength(0);
  });
});

describe('handler: NOTIFY=changes keeps its state in DynamoDB', () => {
  const STATE_TABLE = 'mfa-auditor-alert-state';
  let order: string[];
  let stored: Record<string, AttributeValue> | undefined;

  beforeEach(() => {
    order = [];
    stored = undefined;
    snsMock.on(PublishCommand).callsFake(() => {
      order.push('Publish');
      return { MessageId: `msg-${order.length}` };
    });
    dynamoMock.on(GetItemCommand).callsFake(() => {
      order.push('GetItem');
      return stored ? { Item: stored } : {};
    });
    dynamoMock.on(PutItemCommand).callsFake((input: { Item: Record<string, AttributeValue> }) => {
      order.push('PutItem');
      stored = input.Item;
      return {};
    });
  });

  const savedState = (): AlertState => {
    const body = stored?.state?.B;
    if (!body) throw new Error('no state was saved');
    return JSON.parse(gunzipSync(body).toString('utf8')) as AlertState;
  };

  test('first run: reads the state, publishes, then writes the state', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });

    const report = await handler({}, CONTEXT);

    expect(order).toEqual(['GetItem', 'Publish', 'PutItem']);
    expect(dynamoMock.commandCalls(GetItemCommand)[0]?.args[0].input).toEqual({
      TableName: STATE_TABLE,
      Key: { pk: { S: 'alert-state' } },
      ConsistentRead: true,
    });
    expect(dynamoMock.commandCalls(PutItemCommand)[0]?.args[0].input).toMatchObject({
      TableName: STATE_TABLE,
      Item: { pk: { S: 'alert-state' } },
    });
    expect(savedState()).toEqual({
      version: 1,
      open: { [report.checkedAt]: { 'arn:aws:iam::123456789012:user/': ['alice'] } },
      lastDigestAt: report.checkedAt,
      checkedAt: report.checkedAt,
      rootViolation: false,
    });
  });

  test('second run with nothing changed: no publish, the state is written again', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    const first = await handler({}, CONTEXT);
    order = [];

    await handler({}, CONTEXT);

    expect(order).toEqual(['GetItem', 'PutItem']);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
    // alice keeps the first sighting of the first run.
    expect(Object.keys(savedState().open)).toEqual([first.checkedAt]);
  });

  test('a state table that cannot be read: publishes everything and writes nothing', async () => {
    dynamoMock.on(GetItemCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });

    await handler({}, CONTEXT);

    expect(publishedTopics()).toEqual([TOPIC_ARN]);
    expect(dynamoMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  test('a failed publish fails the invocation and writes no state', async () => {
    snsMock.on(PublishCommand).rejects(new Error('network down'));
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });

    await expect(handler({}, CONTEXT)).rejects.toMatchObject({ operation: 'Publish' });
    expect(dynamoMock.commandCalls(PutItemCommand)).toHaveLength(0);
  });
});

describe('handler: a CloudTrail IAM event', () => {
  const iamEvent = (eventName: string, userName?: string): Record<string, unknown> => ({
    version: '0',
    source: 'aws.iam',
    'detail-type': 'AWS API Call via CloudTrail',
    region: 'us-east-1',
    detail: {
      eventSource: 'iam.amazonaws.com',
      eventName,
      requestParameters: userName === undefined ? null : { userName },
    },
  });
  const loginProfileChecks = (): unknown[] =>
    iamMock.commandCalls(GetLoginProfileCommand).map((c) => c.args[0].input.UserName);
  const mfaChecks = (): unknown[] =>
    iamMock.commandCalls(ListMFADevicesCommand).map((c) => c.args[0].input.UserName);

  test('DeactivateMFADevice for alice re-checks only alice, then publishes her violation', async () => {
    const handler = loadHandler();

    const report = await handler(iamEvent('DeactivateMFADevice', 'alice'), CONTEXT);

    expect(loginProfileChecks()).toEqual(['alice']);
    expect(mfaChecks()).toEqual(['alice']);
    expect(iamMock.commandCalls(ListUserTagsCommand).map((c) => c.args[0].input.UserName)).toEqual(['alice']);
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(0);
    expect(report).toMatchObject({ strategy: 'live', summary: { usersScanned: 1, violations: 1 } });
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('a re-check that finds the user compliant publishes nothing (NOTIFY=always)', async () => {
    const handler = loadHandler();

    const report = await handler(iamEvent('EnableMFADevice', 'bob'), CONTEXT);

    expect(loginProfileChecks()).toEqual(['bob']);
    expect(report.summary).toMatchObject({ usersScanned: 1, violations: 0 });
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('an event that names no user (DeleteVirtualMFADevice) audits everyone, root included', async () => {
    const handler = loadHandler();

    const report = await handler(iamEvent('DeleteVirtualMFADevice'), CONTEXT);

    expect(loginProfileChecks().sort()).toEqual(['alice', 'bob']);
    expect(iamMock.commandCalls(GetAccountSummaryCommand)).toHaveLength(1);
    expect(report.summary.usersScanned).toBe(2);
  });
});

describe('handler: never hangs; the time budget is a hard limit', () => {
  /** The simulated Lambda timeout: what getRemainingTimeInMillis reports at the start. */
  const TIMEOUT_MS = 1_500;
  const SHORT = { ...CONTEXT, getRemainingTimeInMillis: () => TIMEOUT_MS };
  /** An SDK call that never answers and ignores its abort signal (the mock replaces send). */
  const never = (): Promise<never> => new Promise<never>(() => undefined);
  let logged: Record<string, unknown>[];

  beforeEach(() => {
    logged = [];
    const record = (...args: unknown[]): void => {
      logged.push(JSON.parse(String(args[0])) as Record<string, unknown>);
    };
    for (const method of ['info', 'warn', 'error', 'debug', 'log'] as const) {
      jest.spyOn(console, method).mockImplementation(record);
    }
  });
  afterEach(() => jest.restoreAllMocks());

  /** Logs to console (captured above) at INFO, as the deployed function does. */
  const loadLoggingHandler = (env: Record<string, string | undefined> = {}): Handler =>
    loadHandler({
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_LOG_LEVEL: undefined,
      POWERTOOLS_DEV: 'true',
      ...env,
    });

  const timed = async <T>(run: () => Promise<T>): Promise<{ outcome: T | Error; ms: number }> => {
    const started = Date.now();
    const outcome = await run().catch((err: unknown) => err as Error);
    return { outcome, ms: Date.now() - started };
  };

  /** The full report as logged: the header and every errors chunk. */
  const loggedReport = (): { status?: unknown; errors: unknown[] } => {
    const header = logged.find((l) => l.message === 'audit report') as
      { report?: { status?: unknown } } | undefined;
    const errors = logged
      .filter((l) => l.message === 'audit report errors')
      .flatMap((l) => l.errors as unknown[]);
    return { status: header?.report?.status, errors };
  };

  test('a live check that never answers: returns incomplete before the timeout, logged and published', async () => {
    iamMock.on(GetLoginProfileCommand, { UserName: 'alice' }).callsFake(never);
    const handler = loadLoggingHandler();

    const { outcome: report, ms } = await timed(() => handler({}, SHORT));

    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(report).toMatchObject({ status: 'incomplete' });
    const abandoned = {
      userName: 'alice',
      arn: expect.any(String) as unknown,
      userId: expect.any(String) as unknown,
      operation: 'TimeBudget',
      message: expect.stringContaining('abandoned') as unknown,
    };
    expect((report as { errors: unknown }).errors).toEqual([abandoned]);
    expect(loggedReport()).toEqual({ status: 'incomplete', errors: [abandoned] });
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('ListUsers that never answers: fails before the timeout, logged and its notice published', async () => {
    iamMock.on(ListUsersCommand).callsFake(never);
    const handler = loadLoggingHandler();

    const { outcome, ms } = await timed(() => handler({}, SHORT));

    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(outcome).toMatchObject({
      name: 'AuditFailedError',
      message: expect.stringContaining('ListUsers: abandoned'),
    });
    expect(loggedReport()).toMatchObject({ status: 'failed', errors: [{ operation: 'ListUsers' }] });
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('a credential report that never comes (strategy report): fails before the timeout', async () => {
    iamMock.on(GenerateCredentialReportCommand).callsFake(never);
    const handler = loadLoggingHandler({ STRATEGY: 'report' });

    const { outcome, ms } = await timed(() => handler({}, SHORT));

    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(outcome).toMatchObject({ message: expect.stringContaining('GetCredentialReport: abandoned') });
    expect(loggedReport()).toMatchObject({ status: 'failed' });
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('a root check that never answers: returns incomplete before the timeout, root under errors', async () => {
    iamMock.on(GetAccountSummaryCommand).callsFake(never);
    const handler = loadLoggingHandler();

    const { outcome: report, ms } = await timed(() => handler({}, SHORT));

    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(report).toMatchObject({
      status: 'incomplete',
      violations: [{ userName: 'alice' }],
      errors: [{ userName: '<root_account>', operation: 'GetAccountSummary' }],
    });
    expect(loggedReport().status).toBe('incomplete');
    expect(publishedTopics()).toEqual([TOPIC_ARN]);
  });

  test('a publish that never answers: the invocation fails before the timeout, the report already logged', async () => {
    snsMock.on(PublishCommand).callsFake(never);
    const handler = loadLoggingHandler();

    const { outcome, ms } = await timed(() => handler({}, SHORT));

    expect(ms).toBeLessThan(TIMEOUT_MS);
    expect(outcome).toMatchObject({ operation: 'Publish', message: expect.stringContaining('abandoned') });
    expect(loggedReport().status).toBe('complete');
  });
});

describe('metrics', () => {
  const DEPLOYMENT = 'MfaAuditor/MfaAuditor';
  const valuesBy = (records: Awaited<ReturnType<typeof captureEmf>>['records'], dimension: string) =>
    Object.fromEntries(
      emittedSeries(records)
        .filter((s) => dimension in s.dimensions)
        .map((s) => [s.name, s.value]),
    );

  test("an audit emits its counts per account and, as the deployment's auditor, per deployment", async () => {
    const handler = loadHandler({ METRICS_DEPLOYMENT: DEPLOYMENT });

    const { records } = await captureEmf(() => handler({}, CONTEXT));

    const series = emittedSeries(records);
    expect(
      series.find((s) => s.name === 'ConsoleUsersWithoutMfa' && 'AccountId' in s.dimensions),
    ).toMatchObject({
      dimensions: { service: 'mfa-auditor', AccountId: '210987654321' },
      value: 1,
    });
    expect(valuesBy(records, 'Deployment')).toMatchObject({
      AuditFailed: 0,
      ConsoleUsersWithoutMfa: 1,
      RootWithoutMfa: 0,
      UsersNotChecked: 0,
    });
    expect(valuesBy(records, 'Deployment')).toEqual(valuesBy(records, 'AccountId'));
  });

  test('a failed audit that also cannot publish: AuditFailed is flushed before the invocation fails, and no count', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));
    snsMock.on(PublishCommand).rejects(new Error('SNS down'));
    const handler = loadHandler({ METRICS_DEPLOYMENT: DEPLOYMENT });
    let thrown: unknown;

    const { records } = await captureEmf(() => handler({}, CONTEXT).catch((err: unknown) => (thrown = err)));

    expect(thrown).toMatchObject({ name: 'AuditFailedError' });
    const deployment = valuesBy(records, 'Deployment');
    expect(deployment.AuditFailed).toBe(1);
    expect(Object.keys(deployment).sort()).toEqual([
      'ApiCalls',
      'ApiThrottles',
      'AuditDuration',
      'AuditFailed',
    ]);
  });

  test('a re-check of named users emits nothing', async () => {
    const handler = loadHandler({ METRICS_DEPLOYMENT: DEPLOYMENT });

    const { records } = await captureEmf(() => handler({ users: ['alice'] }, CONTEXT));

    expect(records).toEqual([]);
  });

  test("without METRICS_DEPLOYMENT (organization mode's on-demand function): per account only", async () => {
    const handler = loadHandler();

    const { records } = await captureEmf(() => handler({}, CONTEXT));

    expect(records.length).toBeGreaterThan(0);
    expect(emittedSeries(records).filter((s) => 'Deployment' in s.dimensions)).toEqual([]);
  });
});
