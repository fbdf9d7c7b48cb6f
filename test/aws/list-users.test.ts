import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { listAllUsers } from '../../lambda/aws/list-users';
import { AwsCallError } from '../../lambda/core/errors';
import { iamUser } from '../../tools/builders/iam';
import { accessDenied, sdkUser } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

const page1 = [iamUser('alice'), iamUser('bob', { path: '/ops/' })];
const page2 = [iamUser('carol', { passwordLastUsed: new Date('2026-11-20T07:00:00Z') })];
const page3 = [iamUser('dave')];

function stubThreePages(): void {
  iamMock
    .on(ListUsersCommand, { Marker: undefined })
    .resolves({ Users: page1.map(sdkUser), IsTruncated: true, Marker: 'm1' })
    .on(ListUsersCommand, { Marker: 'm1' })
    .resolves({ Users: page2.map(sdkUser), IsTruncated: true, Marker: 'm2' })
    .on(ListUsersCommand, { Marker: 'm2' })
    .resolves({ Users: page3.map(sdkUser), IsTruncated: false });
}

describe('listAllUsers', () => {
  test('follows IsTruncated/Marker across 3 pages and returns every user in order', async () => {
    stubThreePages();

    const users = await listAllUsers(iam);

    expect(users).toEqual([...page1, ...page2, ...page3]);
  });

  test('asks for 1000 users a page and passes each Marker on', async () => {
    stubThreePages();

    await listAllUsers(iam);

    expect(iamMock.commandCalls(ListUsersCommand).map((c) => c.args[0].input)).toEqual([
      { MaxItems: 1000, Marker: undefined },
      { MaxItems: 1000, Marker: 'm1' },
      { MaxItems: 1000, Marker: 'm2' },
    ]);
  });

  test('maps the SDK user onto IamUser, defaulting the path to /', async () => {
    iamMock.on(ListUsersCommand).resolves({
      Users: [
        {
          UserName: 'eve',
          UserId: 'AIDAEVE',
          Arn: 'arn:aws:iam::123456789012:user/eve',
          Path: undefined,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
        },
      ],
    });

    expect(await listAllUsers(iam)).toEqual([
      {
        userName: 'eve',
        userId: 'AIDAEVE',
        arn: 'arn:aws:iam::123456789012:user/eve',
        path: '/',
        createDate: new Date('2025-01-01T00:00:00Z'),
        passwordLastUsed: undefined,
      },
    ]);
  });

  test('an empty account is an empty list', async () => {
    iamMock.on(ListUsersCommand).resolves({ Users: [], IsTruncated: false });

    expect(await listAllUsers(iam)).toEqual([]);
  });

  test('access denied => AwsCallError naming ListUsers and the permission to grant', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));

    const err = await listAllUsers(iam).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListUsers',
      message: expect.stringContaining('(needs iam:ListUsers)'),
    });
    expect((err as Error).message).toMatch(/^AccessDenied: /);
  });

  test('a failure on a later page fails the whole listing (no partial user set)', async () => {
    iamMock
      .on(ListUsersCommand, { Marker: undefined })
      .resolves({ Users: page1.map(sdkUser), IsTruncated: true, Marker: 'm1' })
      .on(ListUsersCommand, { Marker: 'm1' })
      .rejects(accessDenied('ListUsers'));

    await expect(listAllUsers(iam)).rejects.toMatchObject({ operation: 'ListUsers' });
  });

  test('IsTruncated without a Marker => AwsCallError instead of a silently short list', async () => {
    iamMock.on(ListUsersCommand).resolves({ Users: page1.map(sdkUser), IsTruncated: true });

    await expect(listAllUsers(iam)).rejects.toMatchObject({
      name: 'AwsCallError',
      operation: 'ListUsers',
      message: expect.stringContaining('IsTruncated but gave no Marker'),
    });
  });

  test.each(['UserName', 'Arn', 'UserId', 'CreateDate'] as const)(
    'a user without %s => AwsCallError naming ListUsers',
    async (field) => {
      iamMock.on(ListUsersCommand).resolves({ Users: [{ ...sdkUser(iamUser('x')), [field]: undefined }] });

      await expect(listAllUsers(iam)).rejects.toMatchObject({
        operation: 'ListUsers',
        message: expect.stringContaining('incomplete user'),
      });
    },
  );
});
