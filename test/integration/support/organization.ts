import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DUMMY_CREDENTIALS, REGION } from '../../../tools/moto/clients';
import type * as AggregateModule from '../../../lambda/handler/org-aggregate';
import type * as AuditAccountModule from '../../../lambda/handler/org-audit-account';
import type * as ListAccountsModule from '../../../lambda/handler/org-list-accounts';

/** Clients the test itself uses to build the organization and read what the run wrote. */
export interface OrgClients {
  readonly organizations: OrganizationsClient;
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
}

export function orgClientsFor(endpoint: string): OrgClients {
  const config = { endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts: 3 };
  return {
    organizations: new OrganizationsClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    dynamodb: new DynamoDBClient(config),
  };
}

export function destroyOrgClients(clients: OrgClients): void {
  for (const client of Object.values(clients) as { destroy(): void }[]) client.destroy();
}

/** The organization's root (moto's ListRoots). */
export async function rootIdOf(organizations: OrganizationsClient): Promise<string> {
  const roots = await organizations.send(new ListRootsCommand({}));
  const id = roots.Roots?.[0]?.Id;
  if (!id) throw new Error('moto listed no root');
  return id;
}

export async function createOu(
  organizations: OrganizationsClient,
  parentId: string,
  name: string,
): Promise<string> {
  const out = await organizations.send(
    new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }),
  );
  const id = out.OrganizationalUnit?.Id;
  if (!id) throw new Error(`moto created no OU ${name}`);
  return id;
}

export async function moveAccount(
  organizations: OrganizationsClient,
  accountId: string,
  from: string,
  to: string,
): Promise<void> {
  if (from === to) return;
  await organizations.send(
    new MoveAccountCommand({ AccountId: accountId, SourceParentId: from, DestinationParentId: to }),
  );
}

export async function createBucket(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
}

export async function createStateTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

export async function stateItemExists(
  dynamodb: DynamoDBClient,
  table: string,
  key: string,
): Promise<boolean> {
  const out = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: key } } }));
  return out.Item !== undefined;
}

export async function readJson<T>(s3: S3Client, bucket: string, key: string): Promise<T> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = await out.Body?.transformToString('utf-8');
  if (text === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
  return JSON.parse(text) as T;
}

export async function writeJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value) }));
}

export interface OrgHandlers {
  readonly listAccounts: typeof ListAccountsModule.handler;
  readonly auditAccount: typeof AuditAccountModule.handler;
  readonly aggregate: typeof AggregateModule.handler;
}

/** Fresh copies of the three handlers, as at a cold start: each reads process.env when loaded. */
export function loadOrgHandlers(): OrgHandlers {
  let handlers: OrgHandlers | undefined;
  jest.isolateModules(() => {
    handlers = {
      listAccounts: jest.requireActual<typeof ListAccountsModule>('../../../lambda/handler/org-list-accounts')
        .handler,
      auditAccount: jest.requireActual<typeof AuditAccountModule>('../../../lambda/handler/org-audit-account')
        .handler,
      aggregate: jest.requireActual<typeof AggregateModule>('../../../lambda/handler/org-aggregate').handler,
    };
  });
  if (!handlers) throw new Error('the organization handlers did not load');
  return handlers;
}
