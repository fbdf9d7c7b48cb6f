import {
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  GetLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { listAllUsers } from '../../lambda/aws/list-users';
import { checkUserLive } from '../../lambda/aws/live-check';
import type { MarkerPage } from '../../lambda/aws/paginate';
import { forEachPage } from '../../lambda/aws/paginate';
import { readUserTags } from '../../lambda/aws/user-tags';
import { listVirtualMfaUserArns } from '../../lambda/aws/virtual-mfa';
import { AwsCallError } from '../../lambda/core/errors';
import { iamUser } from '../../tools/builders/iam';
import { sdkUser } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

describe('forEachPage', () => {
  const pages = (...list: MarkerPage[]) => {
    const asked: (string | undefined)[] = [];
    const fetch = (marker: string | undefined): Promise<MarkerPage> => {
      asked.push(marker);
      return Promise.resolve(list[asked.length - 1] ?? list[list.length - 1] ?? {});
    };
    return { asked, fetch };
  };

  test('follows each Marker until IsTruncated is false', async () => {
    const { asked, fetch } = pages(
      { IsTruncated: true, Marker: 'a' },
      { IsTruncated: true, Marker: 'b' },
      {},
    );
    const seen: MarkerPage[] = [];

    await forEachPage('ListThings', fetch, (p) => seen.push(p));

    expect(asked).toEqual([undefined, 'a', 'b']);
    expect(seen).toHaveLength(3);
  });

  test('the same Marker twice stops the listing with an error naming the operation', async () => {
    const { asked, fetch } = pages({ IsTruncated: true, Marker: 'a' });

    const err = await forEachPage('ListThings', fetch, () => undefined).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListThings',
      message:
        "ListThings returned the same Marker twice (page 2): IAM's pagination is not advancing, so the listing was stopped",
    });
    expect(asked).toEqual([undefined, 'a']);
  });

  test('a Marker seen earlier (a cycle) is caught too', async () => {
    const { asked, fetch } = pages(
      { IsTruncated: true, Marker: 'a' },
      { IsTruncated: true, Marker: 'b' },
      { IsTruncated: true, Marker: 'a' },
    );

    await expect(forEachPage('ListThings', fetch, () => undefined)).rejects.toThrow(
      /same Marker twice \(page 3\)/,
    );
    expect(asked).toHaveLength(3);
  });

  test('IsTruncated without a Marker is an error, not the end of the list', async () => {
    const { fetch } = pages({ IsTruncated: true });

    await expect(forEachPage('ListThings', fetch, () => undefined)).rejects.toThrow(
      'ListThings said IsTruncated but gave no Marker (page 1)',
    );
  });

  test('a listing that never ends with fresh Markers stops at the page limit', async () => {
    let n = 0;
    const fetch = (): Promise<MarkerPage> => Promise.resolve({ IsTruncated: true, Marker: `m${++n}` });

    await expect(forEachPage('ListThings', fetch, () => undefined, 5)).rejects.toThrow(
      'ListThings still had more after 5 pages',
    );
    expect(n).toBe(5);
  });

  test('without a limit given, an endless listing stops after 1,000 pages (a million IAM users)', async () => {
    let n = 0;
    const fetch = (): Promise<MarkerPage> => Promise.resolve({ IsTruncated: true, Marker: `m${++n}` });

    await expect(forEachPage('ListThings', fetch, () => undefined)).rejects.toThrow(
      'ListThings still had more after 1000 pages',
    );
    expect(n).toBe(1000);
  });
});

describe('every IAM listing stops when IAM repeats its Marker', () => {
  const STUCK = { IsTruncated: true, Marker: 'stuck' };

  test('ListUsers', async () => {
    iamMock.on(ListUsersCommand).resolves({ Users: [sdkUser(iamUser('alice'))], ...STUCK });

    await expect(listAllUsers(iam)).rejects.toMatchObject({
      operation: 'ListUsers',
      message: expect.stringContaining('ListUsers returned the same Marker twice'),
    });
    expect(iamMock.commandCalls(ListUsersCommand)).toHaveLength(2);
  });

  test('ListVirtualMFADevices', async () => {
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], ...STUCK });

    await expect(listVirtualMfaUserArns(iam)).rejects.toMatchObject({
      operation: 'ListVirtualMFADevices',
      message: expect.stringContaining('ListVirtualMFADevices returned the same Marker twice'),
    });
    expect(iamMock.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(2);
  });

  test('ListMFADevices (a live check): the check fails (the engine lists the user under errors)', async () => {
    iamMock
      .on(GetLoginProfileCommand)
      .resolves({ LoginProfile: { UserName: 'alice', CreateDate: new Date() } });
    iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [], ...STUCK });

    await expect(checkUserLive(iam, 'alice')).rejects.toMatchObject({
      operation: 'ListMFADevices',
      message: expect.stringContaining('ListMFADevices returned the same Marker twice'),
    });
    expect(iamMock.commandCalls(ListMFADevicesCommand)).toHaveLength(2);
  });

  test('ListUserTags: the tags are unreadable (the judge fails closed)', async () => {
    iamMock.on(ListUserTagsCommand).resolves({ Tags: [], ...STUCK });

    await expect(readUserTags(iam, 'alice')).rejects.toMatchObject({
      operation: 'ListUserTags',
      message: expect.stringContaining('ListUserTags returned the same Marker twice'),
    });
    expect(iamMock.commandCalls(ListUserTagsCommand)).toHaveLength(2);
    // A live check keeps such tags as a fact (unreadable), on which the judge fails closed.
    iamMock
      .on(GetLoginProfileCommand)
      .resolves({ LoginProfile: { UserName: 'alice', CreateDate: new Date() } });
    iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
    expect(await checkUserLive(iam, 'alice')).toMatchObject({
      kind: 'checked',
      tags: { ok: false, operation: 'ListUserTags', message: expect.stringContaining('same Marker twice') },
    });
  });
});
