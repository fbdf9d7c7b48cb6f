import { ListUsersCommand } from '@aws-sdk/client-iam';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import { ApiCallCounter } from '../../lambda/aws/api-call-counter';
import { createIamClient, DEFAULT_IAM_MAX_ATTEMPTS } from '../../lambda/aws/iam-client';

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

  test('retries up to 10 attempts in adaptive mode', async () => {
    const iam = createIamClient(new ApiCallCounter());

    expect(DEFAULT_IAM_MAX_ATTEMPTS).toBe(10);
    expect(await iam.config.maxAttempts()).toBe(10);
    expect(iam.config.retryMode).toBe('adaptive');
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
