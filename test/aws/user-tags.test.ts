import { IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { readUserTags } from '../../lambda/aws/user-tags';
import { AwsCallError } from '../../lambda/core/errors';
import { accessDenied } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

describe('readUserTags', () => {
  test('follows 2 pages of ListUserTags and merges them', async () => {
    iamMock
      .on(ListUserTagsCommand, { Marker: undefined })
      .resolves({
        Tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'mfa-audit:exempt-until', Value: '2026-12-31' },
        ],
        IsTruncated: true,
        Marker: 't2',
      })
      .on(ListUserTagsCommand, { Marker: 't2' })
      .resolves({ Tags: [{ Key: 'mfa-audit:exempt-reason', Value: 'ticket SEC-42' }], IsTruncated: false });

    expect(await readUserTags(iam, 'alice')).toEqual({
      team: 'payments',
      'mfa-audit:exempt-until': '2026-12-31',
      'mfa-audit:exempt-reason': 'ticket SEC-42',
    });
    expect(iamMock.commandCalls(ListUserTagsCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'alice', Marker: undefined },
      { UserName: 'alice', Marker: 't2' },
    ]);
  });

  test('a user without tags => no values', async () => {
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [] });

    expect(await readUserTags(iam, 'alice')).toEqual({});
  });

  test('a tag without a value reads as the empty string', async () => {
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'flag', Value: undefined }] });

    expect(await readUserTags(iam, 'alice')).toEqual({ flag: '' });
  });

  test('access denied => an AwsCallError with the permission to grant', async () => {
    iamMock.on(ListUserTagsCommand).rejects(accessDenied('ListUserTags'));

    const err = await readUserTags(iam, 'alice').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListUserTags',
      message: expect.stringMatching(/^AccessDenied: .*\(needs iam:ListUserTags\)$/),
      code: 'AccessDenied',
      permission: 'iam:ListUserTags',
    });
  });

  test('a failure on the second page => thrown (no partial tag set)', async () => {
    iamMock
      .on(ListUserTagsCommand, { Marker: undefined })
      .resolves({
        Tags: [{ Key: 'mfa-audit:exempt-until', Value: '2026-12-31' }],
        IsTruncated: true,
        Marker: 't2',
      })
      .on(ListUserTagsCommand, { Marker: 't2' })
      .rejects(accessDenied('ListUserTags'));

    await expect(readUserTags(iam, 'alice')).rejects.toBeInstanceOf(AwsCallError);
  });
});
