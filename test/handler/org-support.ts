import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as iamSdk from '@aws-sdk/client-iam';
import { IAMClient } from '@aws-sdk/client-iam';
import * as organizationsSdk from '@aws-sdk/client-organizations';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import * as s3Sdk from '@aws-sdk/client-s3';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import * as snsSdk from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import * as stsSdk from '@aws-sdk/client-sts';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

export const BUCKET = 'org-runs';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:mfa-alerts';
/** The central account: the functions' own. */
export const CENTRAL = '111111111111';
export const MEMBER = '222222222222';
export const OTHER = '333333333333';
export const RUN_ID = 'exec-1';
export const CONTEXT = {
  functionName: 'org-fn',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${CENTRAL}:function:org-fn`,
  getRemainingTimeInMillis: () => 900_000,
};
export const BASE_ENV = {
  AWS_REGION: 'us-east-1',
  REPORT_BUCKET: BUCKET,
  ORGANIZATIONAL_UNIT_IDS: 'ou-abcd-11111111',
  TOPIC_ARN,
  NOTIFY: 'always',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  AWS_LAMBDA_LOG_LEVEL: 'FATAL',
};

export const mocks = {
  s3: mockClient(S3Client),
  sts: mockClient(STSClient),
  organizations: mockClient(OrganizationsClient),
  iam: mockClient(IAMClient),
  sns: mockClient(SNSClient),
  dynamodb: mockClient(DynamoDBClient),
};

/** The bucket's objects by `bucket/key`, as the S3 mock stores and serves them. */
export const objects = new Map<string, string>();

/** S3 over `objects`: PutObject stores, GetObject serves or answers NoSuchKey, as S3 does. */
export function stubS3(): void {
  mocks.s3.on(PutObjectCommand).callsFake((input: s3Sdk.PutObjectCommandInput) => {
    // The adapter sends its JSON as a string body.
    objects.set(`${input.Bucket}/${input.Key}`, input.Body as string);
    return {};
  });
  mocks.s3.on(GetObjectCommand).callsFake((input: s3Sdk.GetObjectCommandInput) => {
    const text = objects.get(`${input.Bucket}/${input.Key}`);
    if (text === undefined) {
      throw new NoSuchKey({
        message: 'The specified key does not exist.',
        $metadata: { httpStatusCode: 404 },
      });
    }
    return {
      Body: { transformToString: () => Promise.resolve(text) },
      ContentLength: Buffer.byteLength(text),
    };
  });
}

export function putObject(key: string, value: unknown): void {
  objects.set(`${BUCKET}/${key}`, typeof value === 'string' ? value : JSON.stringify(value));
}

export function storedJson<T>(key: string): T {
  const text = objects.get(`${BUCKET}/${key}`);
  if (text === undefined)
    throw new Error(`nothing stored at ${key}; stored: ${[...objects.keys()].join(', ')}`);
  return JSON.parse(text) as T;
}

export function s3Error(name: string, message: string, httpStatusCode = 403): S3ServiceException {
  return new S3ServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode } });
}

export const publishedSubjects = (): (string | undefined)[] =>
  mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.Subject);

const savedEnv = { ...process.env };

export function resetMocks(): void {
  for (const mock of Object.values(mocks)) mock.reset();
  objects.clear();
  stubS3();
  mocks.sns.on(PublishCommand).resolves({ MessageId: 'msg-1' });
}

export function restoreAll(): void {
  process.env = savedEnv;
  for (const mock of Object.values(mocks)) mock.restore();
}

/**
 * A fresh copy of a handler module, as at a Lambda cold start (it reads process.env when loaded),
 * with the SDK modules mocked here.
 */
export function loadModule<M extends object>(path: string, env: Record<string, string | undefined> = {}): M {
  process.env = { ...savedEnv, ...BASE_ENV, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  let loaded: M | undefined;
  jest.isolateModules(() => {
    jest.doMock('@aws-sdk/client-s3', () => s3Sdk);
    jest.doMock('@aws-sdk/client-sts', () => stsSdk);
    jest.doMock('@aws-sdk/client-organizations', () => organizationsSdk);
    jest.doMock('@aws-sdk/client-iam', () => iamSdk);
    jest.doMock('@aws-sdk/client-sns', () => snsSdk);
    jest.doMock('@aws-sdk/client-dynamodb', () => dynamodbSdk);
    loaded = jest.requireActual<M>(path);
  });
  if (!loaded) throw new Error(`${path} did not load`);
  return loaded;
}
