import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { isMissingObject, MAX_OBJECT_BYTES, s3JsonStore } from '../../lambda/aws/report-store';
import { AwsCallError } from '../../lambda/core/errors';

const s3Mock = mockClient(S3Client);
const body = (text: string) => ({
  transformToString: () => Promise.resolve(text),
  transformToWebStream: () => new ReadableStream(),
});
const store = () => s3JsonStore(new S3Client({ region: 'us-east-1' }), 'runs-bucket');

afterAll(() => s3Mock.restore());
beforeEach(() => s3Mock.reset());

describe('s3JsonStore', () => {
  test('puts JSON with its content type, and gets it back parsed', async () => {
    s3Mock.on(PutObjectCommand).resolves({});
    s3Mock.on(GetObjectCommand).resolves({ Body: body('{"a":1}') as never, ContentLength: 7 });

    await store().put('k.json', { a: 1 });

    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'runs-bucket',
      Key: 'k.json',
      Body: '{"a":1}',
      ContentType: 'application/json',
    });
    expect(await store().get('k.json')).toEqual({ a: 1 });
  });

  test('a missing object is an AwsCallError naming bucket and key, with code NoSuchKey', async () => {
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    const err = await store()
      .get('runs/x/listing.json')
      .catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'GetObject',
      code: 'NoSuchKey',
      message: 's3://runs-bucket/runs/x/listing.json does not exist (NoSuchKey)',
    });
    expect(isMissingObject(err)).toBe(true);
  });

  test('a denied read names the object and the permission, and is not "missing"', async () => {
    s3Mock.on(GetObjectCommand).rejects(
      new S3ServiceException({
        name: 'AccessDenied',
        message: 'Access Denied',
        $fault: 'client',
        $metadata: {},
      }),
    );

    const err = await store()
      .get('k.json')
      .catch((e: unknown) => e);

    expect(err).toMatchObject({
      operation: 'GetObject',
      permission: 's3:GetObject',
      message: 's3://runs-bucket/k.json: AccessDenied: Access Denied (needs s3:GetObject)',
    });
    expect(isMissingObject(err)).toBe(false);
  });

  test('an object that is not JSON, or far too large to be ours, is refused without parsing it', async () => {
    s3Mock.on(GetObjectCommand).resolvesOnce({ Body: body('<html>') as never, ContentLength: 6 });
    await expect(store().get('k.json')).rejects.toThrow(/^s3:\/\/runs-bucket\/k\.json is not JSON: /);

    s3Mock.on(GetObjectCommand).resolves({ Body: body('[]') as never, ContentLength: MAX_OBJECT_BYTES + 1 });
    await expect(store().get('big.json')).rejects.toThrow(
      `s3://runs-bucket/big.json holds ${MAX_OBJECT_BYTES + 1} bytes, more than the ${MAX_OBJECT_BYTES} read at most`,
    );
  });

  test('a failed write names the object', async () => {
    s3Mock.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'NoSuchBucket',
        message: 'no bucket',
        $fault: 'client',
        $metadata: {},
      }),
    );

    await expect(store().put('k.json', {})).rejects.toThrow(
      's3://runs-bucket/k.json: NoSuchBucket: no bucket',
    );
  });
});
