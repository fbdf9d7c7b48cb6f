import { gunzipSync, gzipSync } from 'node:zlib';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../core/ports';
import { describeAwsError } from './describe-aws-error';

/** The item of a single-account deployment. */
export const STATE_KEY = 'alert-state';

/** The item of one account of an organization deployment: each account's last result apart. */
export function accountStateKey(accountId: string): string {
  return `${STATE_KEY}#${accountId}`;
}

/**
 * One item (`key`) holding the gzipped JSON state. Gzip keeps 5,000 open findings far below
 * DynamoDB's 400 KB item limit; a single item makes every write atomic.
 */
export function dynamoStateStore(
  ddb: DynamoDBClient,
  tableName: string,
  abortSignal?: AbortSignal,
  key: string = STATE_KEY,
): StateStore {
  return {
    async load() {
      try {
        const out = await ddb.send(
          new GetItemCommand({ TableName: tableName, Key: { pk: { S: key } }, ConsistentRead: true }),
          { abortSignal },
        );
        const body = out.Item?.state?.B;
        return body ? (JSON.parse(gunzipSync(body).toString('utf8')) as unknown) : undefined;
      } catch (err) {
        throw describeAwsError('dynamodb', 'GetItem', err);
      }
    },
    async save(state) {
      try {
        await ddb.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              pk: { S: key },
              state: { B: gzipSync(JSON.stringify(state)) },
              updatedAt: { S: new Date().toISOString() },
            },
          }),
          { abortSignal },
        );
      } catch (err) {
        throw describeAwsError('dynamodb', 'PutItem', err);
      }
    },
  };
}
