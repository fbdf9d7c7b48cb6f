import type { IAMClient } from '@aws-sdk/client-iam';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import type { NodeHttpHandlerOptions } from '@smithy/types';
import { auditAccount } from '../../lambda/wiring/audit-account';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { describeAwsError } from '../../lambda/aws/describe-aws-error';
import { createDynamoClient } from '../../lambda/aws/dynamodb-client';
import { createIamClient } from '../../lambda/aws/iam-client';
import type { RequestTimeouts } from '../../lambda/aws/sdk-transport';
import { createSnsClient } from '../../lambda/aws/sns-client';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import type { Behaviour, LocalIamServer } from '../support/local-iam-server';
import { startLocalIamServer } from '../support/local-iam-server';
import { SimulatedAccount } from '../../tools/simulated-iam';

/** Short enough for a fast test, long enough for a loaded 2-core machine to answer on 127.0.0.1. */
const SHORT: RequestTimeouts = { connectMs: 1_000, responseMs: 400, idleMs: 400 };
const CREATED = new Date('2025-01-01T00:00:00Z');

const savedEnv = { ...process.env };
let server: LocalIamServer | undefined;

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
});
afterEach(async () => {
  process.env = { ...savedEnv };
  await server?.close();
  server = undefined;
});

async function serve(
  behave: (action: string, nth: number, params: URLSearchParams) => Behaviour,
): Promise<LocalIamServer> {
  const account = new SimulatedAccount({
    users: [
      { userName: 'alice', createDate: CREATED, password: { created: CREATED } },
      { userName: 'bob', createDate: CREATED, password: { created: CREATED }, mfaSerials: ['GAHT1'] },
    ],
  });
  server = await startLocalIamServer(account, behave);
  return server;
}

/** The production IAM client (retry strategy, middleware, timeouts), pointed at the local server. */
function iamAt(endpoint: string, maxAttempts: number, counter = new ApiCallCounter()): IAMClient {
  process.env.AWS_ENDPOINT_URL = endpoint;
  return createIamClient(counter, { maxAttempts, timeouts: SHORT });
}

/** The handler options an SDK client was built with (the SDK resolves them lazily, privately). */
async function handlerOptions(client: {
  config: { requestHandler: unknown };
}): Promise<NodeHttpHandlerOptions> {
  const handler = client.config.requestHandler as { configProvider: Promise<NodeHttpHandlerOptions> };
  return handler.configProvider;
}

describe('request timeouts', () => {
  test.each<[string, () => { config: { requestHandler: unknown } }]>([
    ['IAM', () => createIamClient(new ApiCallCounter())],
    ['SNS', () => createSnsClient(new ApiCallCounter(), 'arn:aws:sns:eu-west-1:123456789012:t')],
    ['DynamoDB', () => createDynamoClient(new ApiCallCounter())],
  ])('the %s client times out every request (and throws, not just warns)', async (_name, create) => {
    expect(await handlerOptions(create())).toMatchObject({
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      throwOnRequestTimeout: true,
      socketTimeout: 10_000,
    });
  });

  test('a request that is never answered times out and is retried like any transient failure', async () => {
    const { endpoint, requests } = await serve((action, nth) =>
      action === 'ListUsers' && nth === 1 ? 'hang' : 'answer',
    );
    const counter = new ApiCallCounter();

    const out = await iamAt(endpoint, 3, counter).send(new ListUsersCommand({}));

    expect(out.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(requests.ListUsers).toBe(2);
    expect(counter.snapshot().retries).toEqual({ ListUsers: 1 });
  });

  test('a request never answered at all fails after its attempts, as a TimeoutError naming the call', async () => {
    const { endpoint, requests } = await serve(() => 'hang');
    const started = Date.now();

    const err = await iamAt(endpoint, 2)
      .send(new ListUsersCommand({}))
      .catch((e: unknown) => e);

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests.ListUsers).toBe(2);
    expect(describeAwsError('iam', 'ListUsers', err).message).toMatch(
      /^TimeoutError: .*400 ms requestTimeout.*, after 2 attempts$/,
    );
  });

  test('a response whose body stops arriving times out (idle) and is retried', async () => {
    const { endpoint, requests } = await serve((action, nth) =>
      action === 'ListUsers' && nth === 1 ? 'stall' : 'answer',
    );

    const out = await iamAt(endpoint, 3).send(new ListUsersCommand({}));

    expect(out.Users).toHaveLength(2);
    expect(requests.ListUsers).toBe(2);
  });

  test('the audit (CLI and Lambda) ends when one live check is never answered: that user is an error', async () => {
    const { endpoint } = await serve((action, _nth, params) =>
      action === 'GetLoginProfile' && params.get('UserName') === 'alice' ? 'hang' : 'answer',
    );
    const counter = new ApiCallCounter();
    const client = iamAt(endpoint, 2, counter);
    const started = Date.now();

    const report = await auditAccount(
      { ...DEFAULT_SETTINGS, strategy: 'live' },
      { iam: { client, counter } },
    );

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.status).toBe('incomplete');
    expect(report.errors).toEqual([
      {
        userName: 'alice',
        arn: expect.any(String),
        userId: expect.any(String),
        operation: 'GetLoginProfile',
        message: expect.stringMatching(/^TimeoutError: /),
        code: 'TimeoutError',
      },
    ]);
    expect(report.summary).toMatchObject({ usersScanned: 2, violations: 0, errors: 1 });
  });
});

describe('a response that cannot be read (truncated XML)', () => {
  test('is retried, and the call succeeds when a later answer is whole', async () => {
    const { endpoint, requests } = await serve((action, nth) =>
      action === 'ListUsers' && nth <= 2 ? 'truncate' : 'answer',
    );

    const out = await iamAt(endpoint, 3).send(new ListUsersCommand({}));

    expect(out.Users).toHaveLength(2);
    expect(requests.ListUsers).toBe(3);
  });

  test('still unreadable after every attempt: the message names the call, not a hidden SDK field', async () => {
    const { endpoint, requests } = await serve(() => 'truncate');

    const err = await iamAt(endpoint, 3)
      .send(new ListUsersCommand({}))
      .catch((e: unknown) => e);
    const { operation, message } = describeAwsError('iam', 'ListUsers', err);

    expect(requests.ListUsers).toBe(3);
    expect(operation).toBe('ListUsers');
    expect(message).toMatch(
      /^IAM returned a response to ListUsers that could not be read \(HTTP 200; request id \S+; .*XML parse error.*\), after 3 attempts$/,
    );
    expect(message).not.toContain('$response');
    expect(message).not.toContain('Deserialization error');
  });
});
