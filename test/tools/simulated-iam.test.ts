import {
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { readUserTags } from '../../lambda/aws/user-tags';
import { listVirtualMfaUserArns } from '../../lambda/aws/virtual-mfa';
import { runOnVirtualClock, VIRTUAL_EPOCH } from '../../tools/virtual-time';
import type { SeedUser } from '../../tools/simulated-iam';
import {
  mfaKind,
  REPORT_HEADER,
  seedPopulation,
  SimulatedAccount,
  SimulatedIamHandler,
  simulatedIamClient,
} from '../../tools/simulated-iam';
import { DAY_MS } from '../../tools/builders/iam';

const at = (daysAgo: number): Date => new Date(VIRTUAL_EPOCH.getTime() - daysAgo * DAY_MS);
const NO_RETRIES = { maxAttempts: 1, retryMode: 'standard' } as const;

const users: SeedUser[] = [
  {
    userName: 'alice',
    createDate: at(300),
    password: { created: at(299), lastUsed: at(2) },
    mfaSerials: ['arn:aws:iam::123456789012:mfa/alice', 'arn:aws:iam::123456789012:u2f/user/alice/key-1'],
  },
  { userName: 'bob', path: '/eng/', createDate: at(200), password: { created: at(199) } },
  { userName: 'svc-build', createDate: at(100), tags: { team: 'ci', owner: 'platform', tier: 'gold' } },
];

const ACCOUNT = '123456789012';
/** One user per device kind, each with a console password. */
const deviceKinds: SeedUser[] = [
  {
    userName: 'vera',
    createDate: at(50),
    password: { created: at(50) },
    mfaSerials: [`arn:aws:iam::${ACCOUNT}:mfa/vera-phone`],
  },
  {
    userName: 'uma',
    createDate: at(40),
    password: { created: at(40) },
    mfaSerials: [`arn:aws:iam::${ACCOUNT}:u2f/user/uma/yubikey-1`],
  },
  { userName: 'hal', createDate: at(30), password: { created: at(30) }, mfaSerials: ['GAHT12345678'] },
  {
    userName: 'pia',
    createDate: at(20),
    password: { created: at(20) },
    mfaSerials: [`arn:aws:iam::${ACCOUNT}:mfa/pia`, `arn:aws:iam::${ACCOUNT}:u2f/user/pia/passkey-7`],
  },
];

/** The simulator is only useful if the real SDK reads its answers as it reads IAM's. */
describe('the simulated IAM account, through the real SDK client', () => {
  it('pages ListUsers by MaxItems with an opaque Marker, as the SDK deserialises it', async () => {
    const iam = simulatedIamClient(new SimulatedIamHandler({ account: new SimulatedAccount({ users }) }));
    const first = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
    expect(first.Users?.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(first.IsTruncated).toBe(true);
    expect(first.Users?.[0]).toMatchObject({
      Arn: 'arn:aws:iam::123456789012:user/alice',
      CreateDate: at(300),
      PasswordLastUsed: at(2),
    });
    expect(first.Users?.[1]?.Arn).toBe('arn:aws:iam::123456789012:user/eng/bob');
    const rest = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(rest.Users?.map((u) => u.UserName)).toEqual(['svc-build']);
    expect(rest.IsTruncated).toBe(false);
    await expect(iam.send(new ListUsersCommand({ MaxItems: 1001 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('answers GetLoginProfile, or NoSuchEntity (404) that the SDK maps to NoSuchEntityException', async () => {
    const iam = simulatedIamClient(new SimulatedIamHandler({ account: new SimulatedAccount({ users }) }));
    const out = await iam.send(new GetLoginProfileCommand({ UserName: 'bob' }));
    expect(out.LoginProfile).toMatchObject({
      UserName: 'bob',
      CreateDate: at(199),
      PasswordResetRequired: false,
    });
    const missing = iam.send(new GetLoginProfileCommand({ UserName: 'svc-build' }));
    await expect(missing).rejects.toBeInstanceOf(NoSuchEntityException);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('pages MFA devices and tags with the caps it is given', async () => {
    const handler = new SimulatedIamHandler({
      account: new SimulatedAccount({ users }),
      pageCaps: { ListMFADevices: 1, ListUserTags: 2 },
    });
    const iam = simulatedIamClient(handler);
    const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }));
    expect(devices.MFADevices?.map((d) => d.SerialNumber)).toEqual(['arn:aws:iam::123456789012:mfa/alice']);
    expect(devices.IsTruncated).toBe(true);
    const more = await iam.send(new ListMFADevicesCommand({ UserName: 'alice', Marker: devices.Marker }));
    expect(more.MFADevices?.[0]?.SerialNumber).toContain(':u2f/');

    const page = await iam.send(new ListUserTagsCommand({ UserName: 'svc-build' }));
    expect(page.Tags).toEqual([
      { Key: 'team', Value: 'ci' },
      { Key: 'owner', Value: 'platform' },
    ]);
    // The engine's adapter follows the pages to the end.
    await expect(readUserTags(iam, 'svc-build')).resolves.toEqual({
      team: 'ci',
      owner: 'platform',
      tier: 'gold',
    });
    expect(handler.stats().requests).toEqual({ ListMFADevices: 2, ListUserTags: 3 });
  });

  it('builds the credential report: STARTED, INPROGRESS, then COMPLETE with the real CSV', async () => {
    const account = new SimulatedAccount({ users, reportGenerationMs: 3000 });
    const { value } = await runOnVirtualClock(async () => {
      const iam = simulatedIamClient(new SimulatedIamHandler({ account }), NO_RETRIES);
      const states = [(await iam.send(new GenerateCredentialReportCommand({}))).State];
      const early = await iam.send(new GetCredentialReportCommand({})).catch((e: Error) => e.name);
      states.push((await iam.send(new GenerateCredentialReportCommand({}))).State);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      states.push((await iam.send(new GenerateCredentialReportCommand({}))).State);
      const report = await iam.send(new GetCredentialReportCommand({}));
      return { states, early, report };
    });
    expect(value.states).toEqual(['STARTED', 'INPROGRESS', 'COMPLETE']);
    expect(value.early).toBe('CredentialReportNotReadyException');
    expect(value.report.GeneratedTime).toEqual(VIRTUAL_EPOCH);
    const lines = new TextDecoder().decode(value.report.Content).split('\n');
    expect(lines[0]).toBe(REPORT_HEADER);
    expect(lines[1]).toMatch(/^<root_account>,arn:aws:iam::123456789012:root,[^,]+,not_supported,/);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        /^alice,arn:aws:iam::123456789012:user\/alice,[^,]+\+00:00,true,[^,]+,[^,]+,N\/A,true,/,
      ),
      expect.stringMatching(/^bob,[^,]+,[^,]+,true,no_information,[^,]+,N\/A,false,/),
      expect.stringMatching(/^svc-build,[^,]+,[^,]+,false,N\/A,N\/A,N\/A,false,/),
    ]);
    expect(lines.every((line) => line.split(',').length === 22)).toBe(true);
  });

  it('keeps a stale report stale, reuses it under 4 hours, and reports it gone once none exists', async () => {
    const account = new SimulatedAccount({ users });
    const iam = simulatedIamClient(new SimulatedIamHandler({ account }), NO_RETRIES);
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
    });
    account.snapshotReport(new Date(Date.now() - 2 * 60 * 60 * 1000));
    account.removeMfa('alice');
    account.createUser({ userName: 'new-hire', createDate: new Date(), password: { created: new Date() } });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const csv = new TextDecoder().decode((await iam.send(new GetCredentialReportCommand({}))).Content);
    expect(csv).toMatch(/^alice,.*,true,[^,]+,[^,]+,N\/A,true,/m);
    expect(csv).not.toContain('new-hire');
    expect(account.consolePasswordWithoutMfa()).toEqual(['alice', 'bob', 'new-hire']);
  });

  it('throttles beyond its token bucket with the query error the SDK classifies as throttling', async () => {
    const account = new SimulatedAccount({ users });
    const { value, virtualMs } = await runOnVirtualClock(async () => {
      const handler = new SimulatedIamHandler({
        account,
        latencyMs: 50,
        rateLimit: { perSecond: 2, burst: 2 },
      });
      const iam = simulatedIamClient(handler, NO_RETRIES);
      const send = (): Promise<string> =>
        iam.send(new GetAccountSummaryCommand({})).then(
          (out) => `enabled=${String(out.SummaryMap?.AccountMFAEnabled)}`,
          (err: Error & { $metadata?: { httpStatusCode?: number } }) =>
            `${err.name} ${err.message} ${String(err.$metadata?.httpStatusCode)}`,
        );
      const answers = await Promise.all([send(), send(), send()]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      answers.push(await send());
      return { answers, stats: handler.stats() };
    });
    expect(value.answers).toEqual(['enabled=1', 'enabled=1', 'Throttling Rate exceeded 400', 'enabled=1']);
    expect(value.stats).toMatchObject({ totalRequests: 4, totalThrottled: 1, maxInFlight: 3 });
    expect(virtualMs).toBe(50 + 500 + 50);
  });
  describe('MFA device kinds and ListVirtualMFADevices', () => {
    const listed = async (
      iam: ReturnType<typeof simulatedIamClient>,
      AssignmentStatus?: 'Assigned' | 'Unassigned' | 'Any',
    ): Promise<{ serial?: string; user?: string; enabled?: Date }[]> => {
      const out = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus }));
      return (out.VirtualMFADevices ?? []).map((d) => ({
        serial: d.SerialNumber,
        user: d.User?.Arn,
        enabled: d.EnableDate,
      }));
    };

    it('tells the kinds apart by serial', () => {
      expect(deviceKinds.flatMap((u) => u.mfaSerials ?? []).map(mfaKind)).toEqual([
        'virtual',
        'u2f',
        'hardware',
        'virtual',
        'u2f',
      ]);
    });

    it('lists assigned virtual devices only, with the user the SDK reads, honouring AssignmentStatus', async () => {
      const account = new SimulatedAccount({
        users: deviceKinds,
        clock: { now: () => at(1).getTime(), sleep: () => Promise.resolve() },
      });
      const spare = account.createVirtualMfaDevice('spare');
      const iam = simulatedIamClient(new SimulatedIamHandler({ account }));

      const root = `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`;
      const assigned = await listed(iam, 'Assigned');
      // Serial order; the U2F key and the hardware token are not virtual devices: uma and hal are absent.
      expect(assigned).toEqual([
        {
          serial: `arn:aws:iam::${ACCOUNT}:mfa/pia`,
          user: `arn:aws:iam::${ACCOUNT}:user/pia`,
          enabled: at(20),
        },
        // The root user's device is listed without a User, as IAM has been recorded answering.
        { serial: root, user: undefined, enabled: new Date('2015-01-01T00:00:00Z') },
        {
          serial: `arn:aws:iam::${ACCOUNT}:mfa/vera-phone`,
          user: `arn:aws:iam::${ACCOUNT}:user/vera`,
          enabled: at(50),
        },
      ]);
      const first = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' })))
        .VirtualMFADevices?.[0];
      expect(first?.User).toMatchObject({ Path: '/', UserName: 'pia', CreateDate: at(20) });
      expect(first?.User?.UserId).toMatch(/^AIDA/);
      expect(await listed(iam, 'Unassigned')).toEqual([
        { serial: spare, user: undefined, enabled: undefined },
      ]);
      // IAM's default is Any.
      expect((await listed(iam)).map((d) => d.serial)).toEqual([
        `arn:aws:iam::${ACCOUNT}:mfa/pia`,
        root,
        spare,
        `arn:aws:iam::${ACCOUNT}:mfa/vera-phone`,
      ]);
      expect(await listed(iam, 'Any')).toEqual(await listed(iam));

      // Deactivating leaves the virtual device in the account, unassigned; re-enabling assigns it again.
      account.removeMfa('vera');
      expect((await listed(iam, 'Assigned')).map((d) => d.user)).toEqual([
        `arn:aws:iam::${ACCOUNT}:user/pia`,
        undefined,
      ]);
      expect((await listed(iam, 'Unassigned')).map((d) => d.serial)).toEqual([
        spare,
        `arn:aws:iam::${ACCOUNT}:mfa/vera-phone`,
      ]);
      account.enableMfa('uma', spare);
      expect(() => account.enableMfa('hal', spare)).toThrow(/already assigned/);
      account.deactivateMfa('pia', `arn:aws:iam::${ACCOUNT}:mfa/pia`);
      expect(account.consolePasswordWithNonVirtualMfaOnly()).toEqual(['hal', 'pia']);
      expect(account.consolePasswordWithoutMfa()).toEqual(['vera']);
      // ListMFADevices still lists every kind a user holds.
      const pia = await iam.send(new ListMFADevicesCommand({ UserName: 'pia' }));
      expect(pia.MFADevices?.map((d) => d.SerialNumber)).toEqual([
        `arn:aws:iam::${ACCOUNT}:u2f/user/pia/passkey-7`,
      ]);

      // The engine's adapter: every assigned user ARN, not the root user's device (no User).
      await expect(listVirtualMfaUserArns(iam)).resolves.toEqual(
        new Set([`arn:aws:iam::${ACCOUNT}:user/uma`]),
      );
      await expect(
        iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Some' as 'Any' })),
      ).rejects.toMatchObject({
        name: 'ValidationError',
      });
    });

    it('pages 1,000 devices at most, whatever MaxItems asks, and the engine follows the pages', async () => {
      const population = seedPopulation({ users: 2600, violators: 26, now: VIRTUAL_EPOCH, consoleShare: 1 });
      const account = new SimulatedAccount({ users: population.users, rootMfa: false });
      const handler = new SimulatedIamHandler({ account });
      const iam = simulatedIamClient(handler);
      const all = account.virtualMfaDevices('Assigned');
      expect(all.length).toBeGreaterThan(2000);

      const first = await iam.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000 }),
      );
      expect(first.VirtualMFADevices).toHaveLength(1000);
      expect(first.IsTruncated).toBe(true);
      await expect(iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 1001 }))).rejects.toMatchObject({
        name: 'ValidationError',
      });
      const capped = simulatedIamClient(
        new SimulatedIamHandler({ account, pageCaps: { ListVirtualMFADevices: 700 } }),
      );
      expect(
        (await capped.send(new ListVirtualMFADevicesCommand({ MaxItems: 1000 }))).VirtualMFADevices,
      ).toHaveLength(700);
      // Without MaxItems IAM returns 100.
      expect((await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices).toHaveLength(100);

      const before = handler.stats().requests.ListVirtualMFADevices ?? 0;
      const arns = await listVirtualMfaUserArns(iam);
      expect(handler.stats().requests.ListVirtualMFADevices).toBe(before + Math.ceil(all.length / 1000));
      const withVirtual = account
        .listUsers()
        .filter((u) => u.mfa.some((d) => mfaKind(d.serial) === 'virtual'))
        .map((u) => u.arn);
      expect([...arns].sort()).toEqual(withVirtual.sort());
    });

    it('seeds mostly virtual devices and about 10% U2F/passkey or hardware only', () => {
      const { users: seeded } = seedPopulation({ users: 5000, violators: 50, now: VIRTUAL_EPOCH });
      const withMfa = seeded.filter((u) => u.mfaSerials?.length);
      const kinds = (u: SeedUser): string => [...new Set((u.mfaSerials ?? []).map(mfaKind))].sort().join('+');
      const count = (k: string): number => withMfa.filter((u) => kinds(u) === k).length;
      expect(count('virtual') / withMfa.length).toBeGreaterThan(0.8);
      const nonVirtual = (count('u2f') + count('hardware')) / withMfa.length;
      expect(nonVirtual).toBeGreaterThan(0.07);
      expect(nonVirtual).toBeLessThan(0.13);
      expect(count('hardware')).toBeGreaterThan(0);
      expect(count('u2f+virtual')).toBeGreaterThan(0);
      expect(withMfa.length).toBe(count('virtual') + count('u2f') + count('hardware') + count('u2f+virtual'));
    });
  });
});
