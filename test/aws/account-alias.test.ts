import { IAMClient, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { readAccountAlias } from '../../lambda/aws/account-alias';
import { AwsCallError } from '../../lambda/core/errors';
import { accessDenied } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

describe('readAccountAlias', () => {
  test("the account's alias", async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['prod-main'] });

    expect(await readAccountAlias(iam)).toBe('prod-main');
  });

  test('an account without an alias => undefined', async () => {
    iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: [] });

    expect(await readAccountAlias(iam)).toBeUndefined();
  });

  test('a failure is thrown as an AwsCallError like every adapter failure', async () => {
    iamMock.on(ListAccountAliasesCommand).rejects(accessDenied('ListAccountAliases'));

    const err = await readAccountAlias(iam).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListAccountAliases',
      code: 'AccessDenied',
      permission: 'iam:ListAccountAliases',
    });
  });
});
