import type { AlertState } from '../../../lambda/core/alert-state';
import { AwsCallError } from '../../../lambda/core/errors';
import type { OrganizationReport } from '../../../lambda/core/organization';
import type { OutgoingMessage, StateStore } from '../../../lambda/core/ports';
import type { OrganizationDeliveryOptions } from '../../../lambda/alerts/organization/org-deliver';
import { deliverOrganizationAlerts } from '../../../lambda/alerts/organization/org-deliver';
import { buildOrganizationAlertMessages } from '../../../lambda/alerts/organization/org-messages';
import { accountReport, notAssumable, orgReport, ROLE, unchecked, violationIn } from './fixtures';
import { emailArns, only, readParts } from './support';

const T0 = '2026-11-01T06:00:00.000Z';
const T1 = '2026-11-02T06:00:00.000Z';
const T2 = '2026-11-03T06:00:00.000Z';
const T7 = '2026-11-08T06:00:00.000Z';
const T8 = '2026-11-09T06:00:00.000Z';
const CONTEXT = { memberRoleName: ROLE };
const PROD = '111111111111';
const DATA = '222222222222';
const SEC = '333333333333';
const DEV = '444444444444';

/** One account's state in memory, stored as JSON, every load and save written to the shared log. */
class MemoryStore implements StateStore {
  stored: string | undefined;
  loadError: Error | undefined;
  saveError: Error | undefined;
  constructor(
    private readonly id: string,
    private readonly log: string[],
  ) {}
  load(): Promise<unknown> {
    this.log.push(`load ${this.id}`);
    if (this.loadError) return Promise.reject(this.loadError);
    return Promise.resolve(this.stored === undefined ? undefined : JSON.parse(this.stored));
  }
  async save(state: unknown): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.log.push(`save ${this.id}`);
    if (this.saveError) throw this.saveError;
    this.stored = JSON.stringify(state);
  }
  get state(): AlertState | undefined {
    return this.stored === undefined ? undefined : (JSON.parse(this.stored) as AlertState);
  }
}

let log: string[];
let published: OutgoingMessage[];
let warnings: [string, Record<string, unknown> | undefined][];
let stores: Map<string, MemoryStore>;
let publishError: Error | undefined;

beforeEach(() => {
  log = [];
  published = [];
  warnings = [];
  stores = new Map();
  publishError = undefined;
});

function store(id: string): MemoryStore {
  const existing = stores.get(id);
  if (existing) return existing;
  const created = new MemoryStore(id, log);
  stores.set(id, created);
  return created;
}

function options(overrides: Partial<OrganizationDeliveryOptions> = {}): OrganizationDeliveryOptions {
  return {
    notify: 'changes',
    digestEveryDays: 7,
    stateFor: store,
    context: CONTEXT,
    publish: async (message) => {
      await new Promise((resolve) => setImmediate(resolve));
      log.push('publish');
      if (publishError) throw publishError;
      published.push(message);
      return `msg-${published.length}`;
    },
    warn: (message, extra) => warnings.push([message, extra]),
    ...overrides,
  };
}

/** prod: alice, bob and a root user without MFA; data: carol; security: clear. */
function org(
  at: string,
  changes: { prod?: string[]; data?: string[]; prodRoot?: boolean } = {},
): OrganizationReport {
  return orgReport(
    [
      accountReport(PROD, {
        name: 'prod',
        users: changes.prod ?? ['alice', 'bob'],
        rootWithoutMfa: changes.prodRoot ?? true,
        checkedAt: at,
      }),
      accountReport(DATA, { name: 'data', users: changes.data ?? ['carol'], checkedAt: at }),
      accountReport(SEC, { name: 'security', checkedAt: at }),
    ],
    { checkedAt: at },
  );
}

async function deliver(report: OrganizationReport, overrides: Partial<OrganizationDeliveryOptions> = {}) {
  published = [];
  log.length = 0;
  return deliverOrganizationAlerts(report, options(overrides));
}

const arn = (account: string, user: string): string => violationIn(account, user).arn;

describe('deliverOrganizationAlerts, notify always', () => {
  test('publishes every part of the organization alert in order and touches no state', async () => {
    const report = org(T0);
    const stateFor = jest.fn(store);
    const result = await deliver(report, { notify: 'always', stateFor });
    expect(published).toEqual(buildOrganizationAlertMessages(report, CONTEXT));
    expect(result.messageIds).toEqual(['msg-1']);
    expect(result.changesByAccount).toBeUndefined();
    expect(stateFor).not.toHaveBeenCalled();
  });
});

describe('deliverOrganizationAlerts, notify changes', () => {
  test('first run: every account listed in full, all new; every state saved after the publish', async () => {
    const result = await deliver(org(T0));
    const part = only(published);
    expect(emailArns(part.email)).toEqual([arn(PROD, 'alice'), arn(PROD, 'bob'), arn(DATA, 'carol')]);
    expect(part.email).toContain('1. alice  [high]  NEW');
    expect(part.subject).toContain('(3 new)');
    expect(part.machine.accounts.every((a) => a.listing === 'full')).toBe(true);
    expect(log.indexOf('publish')).toBeLessThan(log.findIndex((l) => l.startsWith('save')));
    expect([...stores.keys()].sort()).toEqual([PROD, DATA, SEC].sort());
    for (const s of stores.values()) expect(s.state?.lastDigestAt).toBe(T0);
    expect(store(PROD).state?.rootViolation).toBe(true);
    expect(Object.keys(result.changesByAccount ?? {}).sort()).toEqual([PROD, DATA, SEC].sort());
  });

  test('nothing changed anywhere: nothing published, states saved', async () => {
    await deliver(org(T0));
    const result = await deliver(org(T1));
    expect(published).toEqual([]);
    expect(result.quietBecause).toBe('nothing changed since the last alert in any account');
    expect(log.filter((l) => l.startsWith('save'))).toHaveLength(3);
    expect(store(PROD).state?.lastDigestAt).toBe(T0);
  });

  test('lists only what changed: the new user and the resolved one, not the users still open', async () => {
    await deliver(org(T0));
    const result = await deliver(org(T1, { prod: ['alice', 'bob', 'dora'], data: [] }));
    const part = only(published);
    expect(emailArns(part.email)).toEqual([arn(PROD, 'dora')]);
    expect(part.email).toContain('1. dora  [high]  NEW');
    expect(part.email).toContain('Resolved since the last run:\n- carol: no longer a violation');
    expect(part.email).toContain('Since the last run: 1 new, 1 resolved (in 2 accounts), 2 still open.');
    expect(part.email).toContain('This alert lists only what changed');
    expect(part.email).not.toContain('ROOT USERS'); // prod's root is unchanged
    expect(part.subject).toContain('(1 new)');
    expect(part.machine.digest).toBe(false);
    const prod = part.machine.accounts.find((a) => a.accountId === PROD);
    expect(prod?.listing).toBe('changes');
    expect(prod?.violations.map((v) => v.userName)).toEqual(['dora']);
    expect(prod?.changes?.newViolationArns).toEqual([arn(PROD, 'dora')]);
    expect(result.changesByAccount?.[DATA]?.resolved.map((r) => r.userName)).toEqual(['carol']);
    // Between digests no account's digest clock moves.
    for (const s of stores.values()) expect(s.state?.lastDigestAt).toBe(T0);
  });

  test('an account re-checked after this run audited it: nothing called resolved or new there, its state kept', async () => {
    await deliver(org(T0));
    // An IAM-event re-check of data at T2 found dora without MFA and saved her as open; this run's
    // report of data was made earlier (T1), before she lost her MFA, and does not list her.
    const data = store(DATA);
    const afterRecheck = { ...(data.state as AlertState), checkedAt: T2 };
    data.stored = JSON.stringify(afterRecheck);

    const result = await deliver(org(T1, { data: [] }));

    expect(result.changesByAccount?.[DATA]).toBeUndefined();
    expect(JSON.stringify(published)).not.toContain('no longer a violation');
    expect(data.state).toEqual(afterRecheck);
    expect(warnings).toContainEqual([
      'alert state is newer than the account report; listing the account in full',
      { accountId: DATA, stateCheckedAt: T2, reportCheckedAt: T1 },
    ]);
  });

  test('root user changes are listed both ways', async () => {
    await deliver(org(T0, { prodRoot: false }));
    await deliver(org(T1, { prodRoot: true }));
    expect(only(published).email).toContain('- prod (111111111111): root user has no MFA  NEW');
    await deliver(org(T2, { prodRoot: false }));
    expect(only(published).email).toContain(
      '- prod (111111111111): root user has MFA now (resolved since the last run)',
    );
  });

  test('an account not audited is alerted every run, with what stays open in it', async () => {
    const withDev = (at: string, failed: boolean): OrganizationReport =>
      orgReport(
        [
          ...org(at).accounts,
          failed
            ? notAssumable(DEV, 'dev', at)
            : accountReport(DEV, { name: 'dev', users: ['eve', 'fay'], checkedAt: at }),
        ],
        { checkedAt: at },
      );
    await deliver(withDev(T0, false));
    await deliver(withDev(T1, true));
    let part = only(published);
    expect(part.email).toContain('- dev (444444444444): role MfaAuditorReadRole could not be assumed');
    expect(part.email).toContain('2 findings open at its last audit stay open (nobody could look).');
    expect(emailArns(part.email)).toEqual([]);
    await deliver(withDev(T2, true));
    part = only(published);
    expect(part.email).toContain('ACCOUNTS NOT AUDITED (1;');
    // Its findings stay open in its state: nothing resolved because nobody looked.
    expect(store(DEV).state?.open).toEqual(expect.objectContaining({ [T0]: expect.anything() }));
  });

  test('unchecked users are always alerted', async () => {
    const report = (at: string): OrganizationReport =>
      orgReport([accountReport(PROD, { users: ['alice'], errors: [unchecked('zed')], checkedAt: at })], {
        checkedAt: at,
      });
    await deliver(report(T0));
    await deliver(report(T1));
    const part = only(published);
    expect(part.email).toContain('- zed: ListMFADevices');
    expect(emailArns(part.email)).toEqual([]);
  });

  describe('the digest, per organization', () => {
    test('when due, every account is listed in full and every digest clock restarts', async () => {
      await deliver(org(T0));
      await deliver(org(T1));
      expect(published).toEqual([]);
      await deliver(org(T7));
      const part = only(published);
      expect(emailArns(part.email)).toEqual([arn(PROD, 'alice'), arn(PROD, 'bob'), arn(DATA, 'carol')]);
      expect(part.email).toContain(
        'This is the periodic digest: every open finding of every account is listed.',
      );
      expect(part.email).toContain('- prod (111111111111): root user still has no MFA');
      expect(part.email).not.toContain('NEW');
      expect(part.machine.digest).toBe(true);
      for (const s of stores.values()) expect(s.state?.lastDigestAt).toBe(T7);
      await deliver(org(T8));
      expect(published).toEqual([]);
    });

    test('a new account joins the organization clock without sending a digest', async () => {
      await deliver(org(T0));
      const joined = (at: string, users: string[]): OrganizationReport =>
        orgReport([...org(at).accounts, accountReport(DEV, { name: 'dev', users, checkedAt: at })], {
          checkedAt: at,
        });
      await deliver(joined(T1, []));
      expect(published).toEqual([]);
      expect(store(DEV).state?.lastDigestAt).toBe(T1);
      await deliver(joined(T2, ['eve']));
      const part = only(published);
      expect(emailArns(part.email)).toEqual([arn(DEV, 'eve')]);
      expect(part.machine.digest).toBe(false);
    });

    test('a new account with findings is listed in full; the others only with their changes', async () => {
      await deliver(org(T0));
      await deliver(
        orgReport([...org(T1).accounts, accountReport(DEV, { users: ['eve', 'fay'], checkedAt: T1 })], {
          checkedAt: T1,
        }),
      );
      const part = only(published);
      expect(emailArns(part.email)).toEqual([arn(DEV, 'eve'), arn(DEV, 'fay')]);
      expect(part.machine.accounts.map((a) => [a.accountId, a.listing])).toEqual([[DEV, 'full']]);
      expect(store(DEV).state?.lastDigestAt).toBe(T1);
      expect(store(PROD).state?.lastDigestAt).toBe(T0);
    });

    test('digestEveryDays 0: no digest ever', async () => {
      await deliver(org(T0), { digestEveryDays: 0 });
      await deliver(org(T8), { digestEveryDays: 0 });
      expect(published).toEqual([]);
    });
  });

  test("one account's state cannot be loaded: that account is alerted in full and its state left alone", async () => {
    await deliver(org(T0));
    const before = store(DATA).stored;
    store(DATA).loadError = new AwsCallError('GetItem', 'ProvisionedThroughputExceededException: slow down');
    const result = await deliver(org(T1, { prod: ['alice', 'bob', 'dora'] }));
    const part = only(published);
    expect(emailArns(part.email)).toEqual([arn(PROD, 'dora'), arn(DATA, 'carol')]);
    expect(part.email).toContain(
      'The alert state of 1 account could not be read: listed in full, nothing marked new.',
    );
    expect(warnings).toEqual([
      [
        'alert state unavailable; alerting on everything in the account',
        expect.objectContaining({ accountId: DATA }) as Record<string, unknown>,
      ],
    ]);
    expect(log).not.toContain(`save ${DATA}`);
    expect(store(DATA).stored).toBe(before);
    expect(result.changesByAccount?.[DATA]).toBeUndefined();
    expect(result.changesByAccount?.[PROD]?.newViolations.map((v) => v.userName)).toEqual(['dora']);
  });

  test('an unreadable state is replaced: the account is listed in full, all new', async () => {
    await deliver(org(T0));
    store(PROD).stored = JSON.stringify({ version: 99 });
    await deliver(org(T1));
    const part = only(published);
    expect(emailArns(part.email)).toEqual([arn(PROD, 'alice'), arn(PROD, 'bob')]);
    expect(warnings.map(([m, extra]) => [m, extra?.accountId])).toEqual([
      ['stored alert state ignored: unknown version 99', PROD],
    ]);
    expect(store(PROD).state?.version).toBe(1);
  });

  test('a failed publish saves no state: the same changes are alerted next run', async () => {
    await deliver(org(T0));
    publishError = new Error('SNS down');
    await expect(deliver(org(T1, { prod: ['alice', 'bob', 'dora'] }))).rejects.toThrow('SNS down');
    expect(log.some((l) => l.startsWith('save'))).toBe(false);
    publishError = undefined;
    await deliver(org(T2, { prod: ['alice', 'bob', 'dora'] }));
    expect(emailArns(only(published).email)).toEqual([arn(PROD, 'dora')]);
  });

  test('states are saved only after every part was published', async () => {
    const many = orgReport(
      Array.from({ length: 6 }, (_, i) =>
        accountReport(String(100000000000 + i), {
          users: Array.from({ length: 10 }, (_, u) => `user-${u}`),
          checkedAt: T0,
        }),
      ),
      { checkedAt: T0 },
    );
    await deliver(many, { context: { ...CONTEXT, budgetBytes: 24 * 1024 } });
    expect(published.length).toBeGreaterThan(1);
    const lastPublish = log.lastIndexOf('publish');
    const firstSave = log.findIndex((l) => l.startsWith('save'));
    expect(lastPublish).toBeLessThan(firstSave);
    expect(log.filter((l) => l === 'publish')).toHaveLength(published.length);
    expect(readParts(published).flatMap((p) => emailArns(p.email))).toHaveLength(60);
  });

  test('a save that fails is reported after every other account was saved', async () => {
    await deliver(org(T0));
    store(DATA).saveError = new Error('ConditionalCheckFailed');
    await expect(deliver(org(T1, { prod: ['alice', 'bob', 'dora'] }))).rejects.toThrow(
      /alert state of 1 account\(s\) could not be saved: 222222222222/,
    );
    expect(published).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('save'))).toHaveLength(3);
  });

  test('a failed organization run gets its failure notice and touches no state', async () => {
    const failed = orgReport([], {
      checkedAt: T1,
      errors: [{ userName: null, operation: 'ListAccounts', message: 'AccessDenied', code: 'AccessDenied' }],
    });
    const result = await deliver(failed);
    expect(only(published).subject).toBe(
      'MFA audit FAILED for organization o-a1b2c3d4e5: no account audited',
    );
    expect(log).toEqual(['publish']);
    expect(result.changesByAccount).toBeUndefined();
  });

  test('changes mode needs a state store per account', async () => {
    await expect(deliver(org(T0), { stateFor: undefined })).rejects.toThrow('stateFor');
  });
});
