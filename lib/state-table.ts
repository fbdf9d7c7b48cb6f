import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { accountAdministersKey } from './key-policy';

/**
 * The state store's calls (lambda/aws/state-store.ts): one item, read with GetItem and replaced
 * with PutItem. Named exactly, not `table.grantReadWriteData()`, which adds Scan, Query,
 * BatchWriteItem, DeleteItem and `kms:GenerateDataKey*`-style wildcards this function never needs.
 */
export const STATE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'];

/**
 * The item-level part of what AWS documents for a table under a customer-managed key: DynamoDB
 * decrypts the table key with the caller's permissions on reads and writes (Decrypt), checks the key
 * (DescribeKey) and may encrypt under it on a write (Encrypt, GenerateDataKey). CreateGrant and
 * ReEncrypt serve creating the table and changing its key, which the function never does. Named
 * exactly, without the `GenerateDataKey*`/`ReEncrypt*` wildcards of `key.grantEncryptDecrypt()`.
 */
export const STATE_KEY_DATA_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
];

/**
 * What AWS documents as the minimum for the principal that creates or changes a table under a
 * customer-managed key ("DynamoDB encryption at rest: key policy for a customer managed key"):
 * CreateGrant lets DynamoDB create its per-table grants; the wildcards of the documented list
 * (`kms:ReEncrypt*`, `kms:GenerateDataKey*`) are spelt out as the actions they stand for.
 */
export const STATE_KEY_TABLE_OWNER_ACTIONS = [
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

export interface StateTable {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
}

/**
 * Where `notify: changes` remembers what it last alerted on: one small item (lambda/aws/state-store.ts).
 *
 * A dedicated key rather than the topic's: the topic key's policy names only its publishers and
 * allows no kms:Encrypt, while a table key must let the deploying principal have DynamoDB create
 * grants and encrypt. Separate keys keep both policies minimal and each key's use auditable on its
 * own; the cost is one more key (about $1 a month), and only in `changes` mode.
 */
export function createStateTable(scope: Construct): StateTable {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'StateKey', {
    description: 'Encrypts the MFA auditor alert state table',
    enableKeyRotation: true,
    policy: new iam.PolicyDocument({
      statements: [
        accountAdministersKey(),
        // Whoever deploys the stack (normally CloudFormation's execution role) creates the table;
        // DynamoDB then calls KMS on that principal's behalf. Through DynamoDB only, so nobody in
        // the account can use the key directly.
        new iam.PolicyStatement({
          sid: 'AccountCreatesTablesViaDynamoDB',
          principals: [new iam.AccountRootPrincipal()],
          actions: STATE_KEY_TABLE_OWNER_ACTIONS,
          resources: ['*'],
          conditions: {
            StringEquals: { ...viaDynamoDb(stack), 'kms:CallerAccount': stack.account },
          },
        }),
      ],
    }),
    // Only the table uses this key, and the table goes with the stack (below).
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const table = new dynamodb.Table(scope, 'StateTable', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // The table holds only what was last alerted on. Losing it (stack deleted and redeployed)
    // costs one re-alert of every finding still open, never a missed finding: not worth a
    // retained table that blocks redeploying the stack.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return { table, key };
}

/**
 * GetItem and PutItem on the table, and the key through DynamoDB only, named in both the role's
 * policy and the key policy (the account statement does not name the function).
 */
export function grantStateAccess(
  state: StateTable,
  role: iam.Role,
  // Unique in the key policy: one statement per role (a policy's Sids must differ).
  keyPolicySid = 'AuditFunctionUsesKeyViaDynamoDB',
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadWriteAlertState',
      actions: STATE_TABLE_ACTIONS,
      resources: [state.table.tableArn],
    }),
  );
  const conditions = { StringEquals: viaDynamoDb(Stack.of(state.key)) };
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'UseStateKeyViaDynamoDB',
      actions: STATE_KEY_DATA_ACTIONS,
      resources: [state.key.keyArn],
      conditions,
    }),
  );
  state.key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: keyPolicySid,
      principals: [role],
      actions: STATE_KEY_DATA_ACTIONS,
      resources: ['*'],
      conditions,
    }),
  );
}

/**
 * Requests DynamoDB makes in the stack's region; direct calls to KMS do not match. The region, not
 * AWS's `dynamodb.*` example: the table is not a global table, so no other region needs the key.
 */
function viaDynamoDb(stack: Stack): Record<string, string> {
  return { 'kms:ViaService': `dynamodb.${stack.region}.amazonaws.com` };
}
