import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import * as iamSdk from '@aws-sdk/client-iam';
import {
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import * as snsSdk from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerModule from '../../lambda/handler';
import { iamUser } from '../fixtures/iam';
import type { AccountUser } from '../fixtures/iam-sdk';
import { accessDenied, stubIamAccount, VIRTUAL_MFA } from '../fixtures/iam-sdk';

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

const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const alice: AccountUser = { user: iamUser('alice'), password: PASSWORD };
const bob: AccountUser = { user: iamUser('bob'), password: PASSWORD, mfaSerials: [VIRTUAL_MFA] };

const savedEnv = { ...process.env };

/**
 * A fresh copy of the handler, as at a Lambda cold start: it reads its configuration from the
 * environment when imported. The SDK modules stay the ones mocked here, so the mocks apply.
 */
function loadHandler(env: Record<string, string | undefined> = {}): Handler {
  process.env = { ...savedEnv, ...BASE_ENV, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    jest.doMock('@aws-sdk/client-iam', () => iamSdk);
    jest.doMock('@aws-sdk/client-sns', () => snsSdk);
    jest.doMock('@aws-sdk/client-dynamodb', () => dynamodbSdk);
    handler = jest.requireActual<typeof HandlerModule>('../../lambda/handler').handler;
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
});
beforeEach(() => {
  iamMock.reset();
  snsMock.reset();
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

  test('a failed dryRun audit throws without publishing', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));
    const handler = loadHandler();

    await expect(handler({ dryRun: true }, CONTEXT)).rejects.toThrow(/ListUsers/);
    expect(snsMock.calls()).toHaveLength(0);
  });

  test('an incomplete audit (one user unchecked) is returned and published, not thrown', async () => {
    iamMock.on(GetLoginProfileCommand, { UserName: 'bob' }).rejects(accessDenied('GetLoginProfile'));
    const handler = loadHandler();

    const report = await handler({}, CONTEXT);

    expect(report.status).toBe('incomplete');
    expect(report.errors).toEqual([
      {
        userName: 'bob',
        operation: 'GetLoginProfile',
        message: expect.stringContaining('(needs iam:GetLoginProfile)'),
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
