import { ListUsersCommand } from '@aws-sdk/client-iam';
import type { AdaptiveRetryStrategy } from '@smithy/core/retry';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { createIamClient, IAM_RATE_RECOVERY, iamRetryStrategy } from '../../lambda/aws/iam-client';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const THROTTLING =
  `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>` +
  '</Error><RequestId>r1</RequestId></ErrorResponse>';
const NO_USERS =
  `<ListUsersResponse xmlns="${NS}"><ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult>` +
  '<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListUsersResponse>';

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('createIamClient', () => {
  test('signs for us-east-1 when no region is configured', async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;

    expect(await createIamClient(new ApiCallCounter()).config.region()).toBe('us-east-1');
  });

  test('honours AWS_REGION (other partitions)', async () => {
    process.env.AWS_REGION = 'us-gov-west-1';

    expect(await createIamClient(new ApiCallCounter()).config.region()).toBe('us-gov-west-1');
  });

  test('retries up to 10 attempts in adaptive mode, with IAM rate recovery', async () => {
    const iam = createIamClient(new ApiCallCounter());
    const strategy = (await iam.config.retryStrategy()) as AdaptiveRetryStrategy;

    expect(await iam.config.maxAttempts()).toBe(10);
    expect(strategy.mode).toBe('adaptive');
    expect(await strategy.maxAttemptsProvider()).toBe(10);
    // Private to the SDK; read here because the bench's figures rest on this value.
    expect(
      (strategy as unknown as { rateLimiter: { scaleConstant: number } }).rateLimiter.scaleConstant,
    ).toBe(IAM_RATE_RECOVERY);
  });

  test('environment retry settings do not weaken it', async () => {
    process.env.AWS_MAX_ATTEMPTS = '1';
    process.env.AWS_RETRY_MODE = 'standard';
    const strategy = (await createIamClient(
      new ApiCallCounter(),
    ).config.retryStrategy()) as AdaptiveRetryStrategy;

    expect(strategy.mode).toBe('adaptive');
    expect(await strategy.maxAttemptsProvider()).toBe(10);
  });

  test('each client gets its own rate limiter', () => {
    const limiter = (s: AdaptiveRetryStrategy): unknown =>
      (s as unknown as { rateLimiter: unknown }).rateLimiter;

    expect(limiter(iamRetryStrategy())).not.toBe(limiter(iamRetryStrategy()));
  });

  test('rides out throttling and counts the retries (real SDK retry, real backoff)', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    delete process.env.AWS_PROFILE;
    const counter = new ApiCallCounter();
    const iam = createIamClient(counter);
    let attempts = 0;
    iam.config.requestHandler = {
      handle: (_request: HttpRequest) => {
        attempts += 1;
        const throttled = attempts <= 2;
        return Promise.resolve({
          response: new HttpResponse({
            statusCode: throttled ? 400 : 200,
            headers: { 'content-type': 'text/xml' },
            body: new TextEncoder().encode(throttled ? THROTTLING : NO_USERS),
          }),
        });
      },
    } as typeof iam.config.requestHandler;

    await iam.send(new ListUsersCommand({}));

    expect(attempts).toBe(3);
    expect(counter.snapshot()).toEqual({
      calls: { ListUsers: 1 },
      retries: { ListUsers: 2 },
      throttled: { ListUsers: 2 },
    });
  }, 30_000);
});
