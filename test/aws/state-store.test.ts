import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { accountStateKey, dynamoStateStore } from '../../lambda/aws/state-store';

const ddbMock = mockClient(DynamoDBClient);

afterAll(() => ddbMock.restore());
beforeEach(() => {
  ddbMock.reset();
  ddbMock.on(GetItemCommand).resolves({});
  ddbMock.on(PutItemCommand).resolves({});
});

describe('dynamoStateStore item key', () => {
  const ddb = new DynamoDBClient({ region: 'us-east-1' });
  const keysUsed = () => [
    ...ddbMock.commandCalls(GetItemCommand).map((c) => c.args[0].input.Key?.pk?.S),
    ...ddbMock.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.pk?.S),
  ];

  test("a single-account deployment keeps its one item, 'alert-state'", async () => {
    const store = dynamoStateStore(ddb, 'state');
    await store.load();
    await store.save({});
    expect(keysUsed()).toEqual(['alert-state', 'alert-state']);
  });

  test("an organization keeps one item per account, 'alert-state#<accountId>'", async () => {
    const store = dynamoStateStore(ddb, 'state', undefined, accountStateKey('222222222222'));
    await store.load();
    await store.save({});
    expect(keysUsed()).toEqual(['alert-state#222222222222', 'alert-state#222222222222']);
  });
});
