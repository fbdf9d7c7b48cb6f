import { IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import type { User, VirtualMFADevice } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { listVirtualMfaUserArns } from '../../lambda/aws/virtual-mfa';
import { AwsCallError } from '../../lambda/core/errors';
import { ACCOUNT_ID, iamUser } from '../../tools/builders/iam';
import { accessDenied, sdkUser, throttled } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });
const ROOT_ARN = `arn:aws:iam::${ACCOUNT_ID}:root`;

afterAll(() => iamMock.restore());
beforeEach(() => iamMock.reset());

/** An assigned virtual device; `user` undefined models a device IAM returns without its user. */
function device(serial: string, user?: User): VirtualMFADevice {
  return {
    SerialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/${serial}`,
    EnableDate: new Date('2025-04-01T00:00:00Z'),
    User: user,
  };
}

const alice = sdkUser(iamUser('alice'));
const bob = sdkUser(iamUser('bob', { path: '/eng/' }));
const carol = sdkUser(iamUser('carol'));
/** ListVirtualMFADevices names the root user by its ARN only. */
const root: User = {
  Arn: ROOT_ARN,
  UserName: undefined,
  UserId: undefined,
  Path: undefined,
  CreateDate: undefined,
};

describe('listVirtualMfaUserArns', () => {
  test('asks only for assigned devices, 1,000 a page', async () => {
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });

    await listVirtualMfaUserArns(iam);

    expect(iamMock.commandCalls(ListVirtualMFADevicesCommand).map((c) => c.args[0].input)).toEqual([
      { AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: undefined },
    ]);
  });

  test("follows 3 pages and collects every user's ARN, root's included", async () => {
    iamMock
      .on(ListVirtualMFADevicesCommand, { Marker: undefined })
      .resolves({ VirtualMFADevices: [device('alice', alice)], IsTruncated: true, Marker: 'p2' })
      .on(ListVirtualMFADevicesCommand, { Marker: 'p2' })
      .resolves({
        VirtualMFADevices: [device('root-account-mfa-device', root), device('bob', bob)],
        IsTruncated: true,
        Marker: 'p3',
      })
      .on(ListVirtualMFADevicesCommand, { Marker: 'p3' })
      .resolves({ VirtualMFADevices: [device('carol', carol)], IsTruncated: false });

    const arns = await listVirtualMfaUserArns(iam);

    expect([...arns].sort()).toEqual([alice.Arn, bob.Arn, carol.Arn, ROOT_ARN].sort());
    const calls = iamMock.commandCalls(ListVirtualMFADevicesCommand).map((c) => c.args[0].input);
    expect(calls.map((input) => input.Marker)).toEqual([undefined, 'p2', 'p3']);
    for (const input of calls) expect(input).toMatchObject({ AssignmentStatus: 'Assigned', MaxItems: 1000 });
  });

  test('a device without a user (or without a user ARN) is skipped', async () => {
    iamMock.on(ListVirtualMFADevicesCommand).resolves({
      VirtualMFADevices: [
        device('orphan'),
        device('no-arn', { ...alice, Arn: undefined }),
        device('alice', alice),
      ],
      IsTruncated: false,
    });

    expect(await listVirtualMfaUserArns(iam)).toEqual(new Set([alice.Arn]));
  });

  test('a marker on a page that is not truncated is not followed', async () => {
    iamMock
      .on(ListVirtualMFADevicesCommand)
      .resolves({ VirtualMFADevices: [device('alice', alice)], IsTruncated: false, Marker: 'stale' });

    expect(await listVirtualMfaUserArns(iam)).toEqual(new Set([alice.Arn]));
    expect(iamMock.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(1);
  });

  test('a page without VirtualMFADevices is an empty page', async () => {
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ IsTruncated: false });

    expect(await listVirtualMfaUserArns(iam)).toEqual(new Set());
  });

  test('access denied => AwsCallError naming ListVirtualMFADevices and the permission', async () => {
    iamMock.on(ListVirtualMFADevicesCommand).rejects(accessDenied('ListVirtualMFADevices'));

    const err = await listVirtualMfaUserArns(iam).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListVirtualMFADevices',
      message: expect.stringContaining('(needs iam:ListVirtualMFADevices)'),
    });
    expect((err as Error).message).toMatch(/^AccessDenied: /);
  });

  test('a failure on a later page fails the whole listing (no partial set)', async () => {
    iamMock
      .on(ListVirtualMFADevicesCommand, { Marker: undefined })
      .resolves({ VirtualMFADevices: [device('alice', alice)], IsTruncated: true, Marker: 'p2' })
      .on(ListVirtualMFADevicesCommand, { Marker: 'p2' })
      .rejects(throttled());

    await expect(listVirtualMfaUserArns(iam)).rejects.toMatchObject({
      operation: 'ListVirtualMFADevices',
      message: 'Throttling: Rate exceeded',
    });
  });
});
