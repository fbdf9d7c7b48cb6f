import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { rootMfaEnabled } from '../../lambda/aws/account-summary';
import { accessDenied } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

describe('rootMfaEnabled', () => {
  test.each<[number, boolean]>([
    [1, true],
    [0, false],
  ])('AccountMFAEnabled %i => %s', async (value, expected) => {
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: value, Users: 12 } });

    expect(await rootMfaEnabled(iam)).toBe(expected);
  });

  test.each([
    ['no SummaryMap', {}],
    ['no AccountMFAEnabled', { SummaryMap: { Users: 12 } }],
  ])('%s => AwsCallError rather than a guess', async (_what, output) => {
    iamMock.on(GetAccountSummaryCommand).resolves(output);

    await expect(rootMfaEnabled(iam)).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'GetAccountSummary',
      message: 'GetAccountSummary returned no AccountMFAEnabled value',
    });
  });

  test('access denied => AwsCallError with the permission to grant', async () => {
    iamMock.on(GetAccountSummaryCommand).rejects(accessDenied('GetAccountSummary'));

    await expect(rootMfaEnabled(iam)).rejects.toMatchObject({
      operation: 'GetAccountSummary',
      message: expect.stringContaining('(needs iam:GetAccountSummary)'),
    });
  });
});
