import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsCallError } from '../core/errors';
import type { JsonObjectStore } from '../core/ports';
import type { ApiCallCounter } from './api-call-counter';
import { describeAwsError } from './describe-aws-error';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/**
 * Largest object read: an account report of 5,000 users all without MFA is about 3 MB, the item
 * list of 5,000 accounts about 0.4 MB. Anything far larger is not ours, and is refused rather than
 * read into the function's memory.
 */
export const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/** The S3 client for the organization run's bucket, with the shared request timeouts. */
export function createS3Client(counter: ApiCallCounter): S3Client {
  const s3 = new S3Client({ maxAttempts: 5, requestHandler: requestHandlerOptions() });
  return counter.attach(retryUnreadableResponses(s3));
}

/** S3 error names that mean "there is no such object" (GetObject without s3:ListBucket says 403). */
const MISSING = new Set(['NoSuchKey', 'NotFound']);

/**
 * JSON objects in one bucket. Every failure is an AwsCallError naming the bucket and key; a missing
 * object's `code` is `NoSuchKey` (see `isMissingObject`).
 */
export function s3JsonStore(s3: S3Client, bucket: string, abortSignal?: AbortSignal): JsonObjectStore {
  const store: JsonObjectStore = {
    async put(key, value) {
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: JSON.stringify(value),
            ContentType: 'application/json',
          }),
          { abortSignal },
        );
      } catch (err) {
        throw named(describeAwsError('s3', 'PutObject', err), bucket, key);
      }
    },
    async getText(key) {
      let text: string;
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        if (out.ContentLength !== undefined && out.ContentLength > MAX_OBJECT_BYTES) {
          out.Body?.transformToWebStream()
            .cancel()
            .catch(() => undefined);
          throw new AwsCallError(
            'GetObject',
            `s3://${bucket}/${key} holds ${out.ContentLength} bytes, more than the ${MAX_OBJECT_BYTES} read at most`,
          );
        }
        if (!out.Body) throw new AwsCallError('GetObject', `s3://${bucket}/${key} returned no body`);
        text = await out.Body.transformToString('utf-8');
      } catch (err) {
        const failure = describeAwsError('s3', 'GetObject', err);
        if (failure.code && MISSING.has(failure.code)) {
          throw new AwsCallError('GetObject', `s3://${bucket}/${key} does not exist (${failure.code})`, {
            code: 'NoSuchKey',
            requestId: failure.requestId,
            cause: err,
          });
        }
        throw named(failure, bucket, key);
      }
      return text;
    },
    async get(key) {
      const text = await store.getText(key);
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw new AwsCallError(
          'GetObject',
          `s3://${bucket}/${key} is not JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    },
  };
  return store;
}

/** True when the error says the object does not exist (as opposed to being unreadable). */
export function isMissingObject(err: unknown): boolean {
  return err instanceof AwsCallError && err.code === 'NoSuchKey';
}

/** Prefixes the object's address, so a person reading the alert knows which object failed. */
function named(failure: AwsCallError, bucket: string, key: string): AwsCallError {
  const where = `s3://${bucket}/${key}`;
  if (failure.message.includes(where)) return failure;
  return Object.assign(failure, { message: `${where}: ${failure.message}` });
}
