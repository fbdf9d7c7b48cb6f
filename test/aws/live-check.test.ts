import {
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { checkUserLive } from '../../lambda/aws/live-check';
import { AwsCallError, describeFailure } from '../../lambda/core/errors';
import type { FailedCall } from '../../lambda/core/types';
import {
  accessDenied,
  HARDWARE_MFA,
  noSuchEntity,
  throttled,
  U2F_MFA,
  VIRTUAL_MFA,
} from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });
const PASSWORD_CREATED = new Date('2025-03-01T09:00:00Z');

afterAll(() => iamMock.restore());
beforeEach(() => {
  iamMock.reset();
  iamMock.on(GetLoginProfileCommand).resolves({
    LoginProfile: { UserName: 'alice', CreateDate: PASSWORD_CREATED, PasswordResetRequired: false },
  });
  iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  iamMock.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });
});

/** The AwsCallError a failed check throws, as data (what the engine records for the user). */
async function failureOf(check: Promise<unknown>): Promise<FailedCall> {
  const err = await check.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AwsCallError);
  return describeFailure(err);
}

function device(serial: string): { UserName: string; SerialNumber: string; EnableDate: Date } {
  return { UserName: 'alice', SerialNumber: serial, EnableDate: new Date('2025-04-01T00:00:00Z') };
}

describe('checkUserLive', () => {
  test('no login profile (NoSuchEntity) => no password, settled with one call', async () => {
    iamMock.on(GetLoginProfileCommand).rejects(noSuchEntity('alice'));

    expect(await checkUserLive(iam, 'alice')).toEqual({ kind: 'checked', mfaSerials: [] });
    expect(iamMock.commandCalls(ListMFADevicesCommand)).toHaveLength(0);
    expect(iamMock.commandCalls(ListUserTagsCommand)).toHaveLength(0);
  });

  test('asks about the named user', async () => {
    await checkUserLive(iam, 'dev,ops');

    expect(iamMock.commandCalls(GetLoginProfileCommand)[0]?.args[0].input).toEqual({ UserName: 'dev,ops' });
    expect(iamMock.commandCalls(ListMFADevicesCommand)[0]?.args[0].input).toMatchObject({
      UserName: 'dev,ops',
    });
  });

  test('follows 3 pages of ListMFADevices and keeps every serial', async () => {
    iamMock
      .on(ListMFADevicesCommand, { Marker: undefined })
      .resolves({ MFADevices: [device(VIRTUAL_MFA)], IsTruncated: true, Marker: 'p2' })
      .on(ListMFADevicesCommand, { Marker: 'p2' })
      .resolves({ MFADevices: [device(HARDWARE_MFA)], IsTruncated: true, Marker: 'p3' })
      .on(ListMFADevicesCommand, { Marker: 'p3' })
      .resolves({ MFADevices: [device(U2F_MFA)], IsTruncated: false });

    const facts = await checkUserLive(iam, 'alice');

    expect(facts).toEqual({
      kind: 'checked',
      loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: false },
      mfaSerials: [VIRTUAL_MFA, HARDWARE_MFA, U2F_MFA],
    });
    expect(iamMock.commandCalls(ListMFADevicesCommand).map((c) => c.args[0].input.Marker)).toEqual([
      undefined,
      'p2',
      'p3',
    ]);
  });

  test.each([
    ['virtual', VIRTUAL_MFA],
    ['hardware', HARDWARE_MFA],
    ['U2F', U2F_MFA],
  ])('a %s device is returned as MFA and tags are not read', async (_kind, serial) => {
    iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [device(serial)] });

    expect(await checkUserLive(iam, 'alice')).toMatchObject({ kind: 'checked', mfaSerials: [serial] });
    expect(iamMock.commandCalls(ListUserTagsCommand)).toHaveLength(0);
  });

  test('a password and no device => the tags are read for a possible exemption', async () => {
    iamMock
      .on(ListUserTagsCommand)
      .resolves({ Tags: [{ Key: 'mfa-audit:exempt-until', Value: '2026-12-31' }] });

    expect(await checkUserLive(iam, 'alice')).toEqual({
      kind: 'checked',
      loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: false },
      mfaSerials: [],
      tags: { ok: true, values: { 'mfa-audit:exempt-until': '2026-12-31' } },
    });
  });

  test('passwordResetRequired is carried through', async () => {
    iamMock.on(GetLoginProfileCommand).resolves({
      LoginProfile: { UserName: 'alice', CreateDate: PASSWORD_CREATED, PasswordResetRequired: true },
    });

    expect(await checkUserLive(iam, 'alice')).toMatchObject({
      loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: true },
    });
  });

  test('a user deleted between GetLoginProfile and ListMFADevices => gone', async () => {
    iamMock.on(ListMFADevicesCommand).rejects(noSuchEntity('alice'));

    expect(await checkUserLive(iam, 'alice')).toEqual({ kind: 'gone' });
  });

  test.each<[string, () => void]>([
    ['GetLoginProfile', () => iamMock.on(GetLoginProfileCommand).rejects(accessDenied('GetLoginProfile'))],
    ['ListMFADevices', () => iamMock.on(ListMFADevicesCommand).rejects(accessDenied('ListMFADevices'))],
  ])('access denied on %s => error naming the operation and the permission', async (operation, deny) => {
    deny();

    expect(await failureOf(checkUserLive(iam, 'alice'))).toEqual({
      operation,
      message: expect.stringContaining(`(needs iam:${operation})`),
      code: 'AccessDenied',
      permission: `iam:${operation}`,
    });
  });

  test('throttling that outlasts the SDK retries => thrown, never compliant', async () => {
    iamMock.on(ListMFADevicesCommand).rejects(throttled());

    expect(await failureOf(checkUserLive(iam, 'alice'))).toEqual({
      operation: 'ListMFADevices',
      message: 'Throttling: Rate exceeded',
      code: 'Throttling',
    });
  });

  test('tags that cannot be read are returned as such, not thrown', async () => {
    iamMock.on(ListUserTagsCommand).rejects(accessDenied('ListUserTags'));

    expect(await checkUserLive(iam, 'alice')).toMatchObject({
      kind: 'checked',
      tags: {
        ok: false,
        operation: 'ListUserTags',
        message: expect.stringContaining('(needs iam:ListUserTags)'),
      },
    });
  });
});

/** Every IAM call the check made, in order, by operation name. */
function operations(): string[] {
  return iamMock.calls().map((call) => {
    const command = call.args[0];
    if (command instanceof GetLoginProfileCommand) return 'GetLoginProfile';
    if (command instanceof ListMFADevicesCommand) return 'ListMFADevices';
    if (command instanceof ListUserTagsCommand) return 'ListUserTags';
    return command.constructor.name;
  });
}

describe('checkUserLive call order', () => {
  describe('by default (login profile first)', () => {
    test('a password and no device => GetLoginProfile, ListMFADevices, ListUserTags', async () => {
      await checkUserLive(iam, 'alice');

      expect(operations()).toEqual(['GetLoginProfile', 'ListMFADevices', 'ListUserTags']);
    });

    test('no login profile (NoSuchEntity) => settled by that one call', async () => {
      iamMock.on(GetLoginProfileCommand).rejects(noSuchEntity('alice'));

      expect(await checkUserLive(iam, 'alice', false)).toEqual({ kind: 'checked', mfaSerials: [] });
      expect(operations()).toEqual(['GetLoginProfile']);
    });

    test('a device => GetLoginProfile then ListMFADevices, no tags', async () => {
      iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [device(VIRTUAL_MFA)] });

      expect(await checkUserLive(iam, 'alice')).toEqual({
        kind: 'checked',
        loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: false },
        mfaSerials: [VIRTUAL_MFA],
      });
      expect(operations()).toEqual(['GetLoginProfile', 'ListMFADevices']);
    });
  });

  describe('mfaFirst (the report said MFA, no virtual device is assigned now)', () => {
    test.each([
      ['virtual', VIRTUAL_MFA],
      ['hardware', HARDWARE_MFA],
      ['U2F', U2F_MFA],
    ])('a %s device => compliant with exactly one call, ListMFADevices', async (_kind, serial) => {
      iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [device(serial)], IsTruncated: false });

      const facts = await checkUserLive(iam, 'alice', true);

      expect(facts).toEqual({ kind: 'checked', loginProfile: undefined, mfaSerials: [serial] });
      expect(facts).not.toHaveProperty('tags');
      expect(operations()).toEqual(['ListMFADevices']);
      expect(iamMock.commandCalls(ListMFADevicesCommand)[0]?.args[0].input).toMatchObject({
        UserName: 'alice',
      });
    });

    test('no device => ListMFADevices, GetLoginProfile, then ListUserTags (3 calls): a violation candidate', async () => {
      const facts = await checkUserLive(iam, 'alice', true);

      expect(facts).toEqual({
        kind: 'checked',
        loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: false },
        mfaSerials: [],
        tags: { ok: true, values: {} },
      });
      expect(operations()).toEqual(['ListMFADevices', 'GetLoginProfile', 'ListUserTags']);
      expect(iamMock.commandCalls(GetLoginProfileCommand)[0]?.args[0].input).toEqual({ UserName: 'alice' });
      expect(iamMock.commandCalls(ListUserTagsCommand)[0]?.args[0].input).toMatchObject({
        UserName: 'alice',
      });
    });

    test('no device and no login profile (NoSuchEntity) => no password, tags not read', async () => {
      iamMock.on(GetLoginProfileCommand).rejects(noSuchEntity('alice'));

      expect(await checkUserLive(iam, 'alice', true)).toEqual({ kind: 'checked', mfaSerials: [] });
      expect(operations()).toEqual(['ListMFADevices', 'GetLoginProfile']);
    });

    test('follows every ListMFADevices page before deciding', async () => {
      iamMock
        .on(ListMFADevicesCommand, { Marker: undefined })
        .resolves({ MFADevices: [], IsTruncated: true, Marker: 'p2' })
        .on(ListMFADevicesCommand, { Marker: 'p2' })
        .resolves({ MFADevices: [device(HARDWARE_MFA)], IsTruncated: false });

      expect(await checkUserLive(iam, 'alice', true)).toEqual({
        kind: 'checked',
        loginProfile: undefined,
        mfaSerials: [HARDWARE_MFA],
      });
      expect(operations()).toEqual(['ListMFADevices', 'ListMFADevices']);
    });

    test('NoSuchEntity on ListMFADevices => gone, nothing else asked', async () => {
      iamMock.on(ListMFADevicesCommand).rejects(noSuchEntity('alice'));

      expect(await checkUserLive(iam, 'alice', true)).toEqual({ kind: 'gone' });
      expect(operations()).toEqual(['ListMFADevices']);
    });

    test('access denied on ListMFADevices => thrown naming it, nothing else asked', async () => {
      iamMock.on(ListMFADevicesCommand).rejects(accessDenied('ListMFADevices'));

      expect(await failureOf(checkUserLive(iam, 'alice', true))).toEqual({
        operation: 'ListMFADevices',
        message: expect.stringContaining('(needs iam:ListMFADevices)'),
        code: 'AccessDenied',
        permission: 'iam:ListMFADevices',
      });
      expect(operations()).toEqual(['ListMFADevices']);
    });

    test('access denied on GetLoginProfile (after no device) => thrown naming GetLoginProfile, never compliant', async () => {
      iamMock.on(GetLoginProfileCommand).rejects(accessDenied('GetLoginProfile'));

      expect(await failureOf(checkUserLive(iam, 'alice', true))).toEqual({
        operation: 'GetLoginProfile',
        message: expect.stringContaining('(needs iam:GetLoginProfile)'),
        code: 'AccessDenied',
        permission: 'iam:GetLoginProfile',
      });
      expect(operations()).toEqual(['ListMFADevices', 'GetLoginProfile']);
    });

    test('tags that cannot be read (after no device and a password) are returned as such', async () => {
      iamMock.on(ListUserTagsCommand).rejects(accessDenied('ListUserTags'));

      expect(await checkUserLive(iam, 'alice', true)).toEqual({
        kind: 'checked',
        loginProfile: { createDate: PASSWORD_CREATED, passwordResetRequired: false },
        mfaSerials: [],
        tags: {
          ok: false,
          operation: 'ListUserTags',
          message: expect.stringContaining('(needs iam:ListUserTags)'),
          code: 'AccessDenied',
          permission: 'iam:ListUserTags',
        },
      });
      expect(operations()).toEqual(['ListMFADevices', 'GetLoginProfile', 'ListUserTags']);
    });
  });

  test.each<[string, boolean, () => void, string[]]>([
    [
      'GetLoginProfile',
      false,
      () => iamMock.on(GetLoginProfileCommand).rejects(throttled()),
      ['GetLoginProfile'],
    ],
    [
      'ListMFADevices',
      false,
      () => iamMock.on(ListMFADevicesCommand).rejects(throttled()),
      ['GetLoginProfile', 'ListMFADevices'],
    ],
    [
      'ListMFADevices',
      true,
      () => iamMock.on(ListMFADevicesCommand).rejects(throttled()),
      ['ListMFADevices'],
    ],
    [
      'GetLoginProfile',
      true,
      () => iamMock.on(GetLoginProfileCommand).rejects(throttled()),
      ['ListMFADevices', 'GetLoginProfile'],
    ],
  ])(
    'a failing %s (mfaFirst=%s) => AwsCallError naming it; the check stops there',
    async (operation, mfaFirst, fail, calls) => {
      fail();

      expect(await failureOf(checkUserLive(iam, 'alice', mfaFirst))).toEqual({
        operation,
        message: 'Throttling: Rate exceeded',
        code: 'Throttling',
      });
      expect(operations()).toEqual(calls);
    },
  );
});
