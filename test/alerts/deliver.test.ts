import type { OutgoingMessage } from '../../lambda/core/ports';
import type { StateStore } from '../../lambda/core/ports';
import type { AlertState } from '../../lambda/core/alert-state';
import { encodeAlertState } from '../../lambda/core/alert-state';
import { AwsCallError } from '../../lambda/core/errors';
import type { AuditReport } from '../../lambda/core/types';
import type { DeliveryOptions } from '../../lambda/alerts/deliver';
import { deliverAlerts } from '../../lambda/alerts/deliver';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { DAY_MS } from '../../tools/builders/iam';
import { asRecheckOf, auditReport, failedReport, violation } from '../../tools/builders/report';

const T0 = '2026-11-01T06:00:00.000Z';
const T1 = '2026-11-02T06:00:00.000Z';
const T2 = '2026-11-03T06:00:00.000Z';
const CONTEXT = { accountAlias: 'prod-main', functionName: 'mfa-auditor', region: 'us-east-1' };

const alice = violation('alice');
const bob = violation('bob', '/eng/');

/**
 * A StateStore in memory that stores what a real one would (JSON, no shared references) and
 * writes every load and save to the shared `log`, next to the publishes.
 */
class MemoryStore implements StateStore {
  stored: string | undefined;
  saves = 0;
  loadError: Error | undefined;
  constructor(private readonly log: string[]) {}

  load(): Promise<unknown> {
    this.log.push('load');
    if (this.loadError) return Promise.reject(this.loadError);
    return Promise.resolve(this.stored === undefined ? undefined : JSON.parse(this.stored));
  }
  save(state: unknown): Promise<void> {
    this.log.push('save');
    this.saves += 1;
    this.stored = JSON.stringify(state);
    return Promise.resolve();
  }
  get state(): AlertState | undefined {
    return this.stored === undefined ? undefined : (JSON.parse(this.stored) as AlertState);
  }
}

let log: string[];
let published: OutgoingMessage[];
let warnings: [string, Record<string, unknown> | undefined][];
let store: MemoryStore;
let publishError: Error | undefined;

beforeEach(() => {
  log = [];
  published = [];
  warnings = [];
  store = new MemoryStore(log);
  publishError = undefined;
});

function options(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  return {
    notify: 'always',
    digestEveryDays: 7,
    state: store,
    context: CONTEXT,
    publish: async (message) => {
      // A real publish awaits the network: a save must wait for it, not merely be called after it.
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

const changes = (overrides: Partial<DeliveryOptions> = {}): DeliveryOptions =>
  options({ notify: 'changes', ...overrides });

/** Many violations and a small budget: the alert needs several parts. */
function multiPartReport(): AuditReport {
  const many = Array.from({ length: 60 }, (_, i) => violation(`user-${String(i).padStart(3, '0')}`));
  return auditReport(T0, many);
}

describe('deliverAlerts', () => {
  describe('notify always', () => {
    test('publishes every part of buildAlertMessages, in order, and returns their ids', async () => {
      const report = multiPartReport();
      const context = { ...CONTEXT, budgetBytes: 24 * 1024 };
      const expected = buildAlertMessages(report, context);
      expect(expected.length).toBeGreaterThan(1);

      const result = await deliverAlerts(report, options({ context }));

      expect(published).toEqual(expected);
      expect(result.messageIds).toEqual(expected.map((_, i) => `msg-${i + 1}`));
      expect(result.quietBecause).toBeUndefined();
      expect(result.changes).toBeUndefined();
    });

    test('publishes a compliant full audit too (always means every run)', async () => {
      const report = auditReport(T0, []);

      const result = await deliverAlerts(report, options());

      expect(published).toEqual(buildAlertMessages(report, CONTEXT));
      expect(result.messageIds).toHaveLength(1);
    });

    test('never reads or writes the state store', async () => {
      await deliverAlerts(auditReport(T0, [alice]), options());

      expect(log).toEqual(['publish']);
    });

    test('a re-check of named users that finds them compliant publishes nothing', async () => {
      const result = await deliverAlerts(asRecheckOf(auditReport(T0, []), 'alice'), options());

      expect(published).toEqual([]);
      expect(result).toEqual({ messageIds: [], quietBecause: 're-checked users are compliant' });
    });

    test.each<[string, AuditReport]>([
      ['finds a violation', auditReport(T0, [alice])],
      [
        'could not check the user',
        auditReport(T0, [], {
          errors: [{ userName: 'alice', operation: 'ListMFADevices', message: 'Throttling: Rate exceeded' }],
        }),
      ],
    ])('a re-check of named users that %s publishes', async (_what, report) => {
      const recheck = asRecheckOf(report, 'alice');
      const result = await deliverAlerts(recheck, options());

      expect(published).toEqual(buildAlertMessages(recheck, CONTEXT));
      expect(result.quietBecause).toBeUndefined();
    });

    test('a publish failure propagates', async () => {
      publishError = new AwsCallError('Publish', 'AuthorizationError: no (needs sns:Publish)');

      await expect(deliverAlerts(auditReport(T0, [alice]), options())).rejects.toBe(publishError);
    });
  });

  describe('notify changes', () => {
    test('first run: publishes, then saves the state (only after every part went out)', async () => {
      const report = multiPartReport();
      const context = { ...CONTEXT, budgetBytes: 24 * 1024 };

      const result = await deliverAlerts(report, changes({ context }));

      expect(result.changes?.newViolations).toHaveLength(60);
      expect(published).toEqual(buildAlertMessages(report, { ...context, changes: result.changes }));
      expect(published.length).toBeGreaterThan(1);
      expect(log).toEqual(['load', ...published.map(() => 'publish'), 'save']);
      expect(store.state?.lastDigestAt).toBe(T0);
      expect(Object.values(store.state?.open ?? {}).length).toBe(1);
    });

    test('first run: the saved state holds the open findings, first seen now', async () => {
      await deliverAlerts(auditReport(T0, [alice, bob]), changes());

      expect(store.state).toEqual(
        encodeAlertState(
          [
            { arn: alice.arn, userName: 'alice', firstSeen: T0 },
            { arn: bob.arn, userName: 'bob', firstSeen: T0 },
          ],
          T0,
          false,
          T0,
        ),
      );
    });

    test('second identical run: nothing published, the state is still saved', async () => {
      await deliverAlerts(auditReport(T0, [alice]), changes());
      const afterFirst = store.state;
      log.length = 0;
      published.length = 0;

      const result = await deliverAlerts(auditReport(T1, [alice]), changes());

      expect(published).toEqual([]);
      expect(result).toMatchObject({ messageIds: [], quietBecause: 'nothing changed since the last alert' });
      expect(result.changes?.stillOpen.map((v) => v.userName)).toEqual(['alice']);
      expect(log).toEqual(['load', 'save']);
      // The same findings; only the time of the latest audit taken in moves on.
      expect(store.state).toEqual({ ...afterFirst, checkedAt: T1 });
    });

    test('a new violation publishes and is marked new; the old one keeps its first sighting', async () => {
      await deliverAlerts(auditReport(T0, [alice]), changes());
      published.length = 0;

      const result = await deliverAlerts(auditReport(T1, [alice, bob]), changes());

      expect(result.changes?.newViolations.map((v) => v.userName)).toEqual(['bob']);
      expect(published).toEqual(
        buildAlertMessages(auditReport(T1, [alice, bob]), { ...CONTEXT, changes: result.changes }),
      );
      expect(result.changes?.firstSeen).toEqual({ [alice.arn]: T0, [bob.arn]: T1 });
      expect(store.state?.lastDigestAt).toBe(T1);
    });

    test('a resolved violation publishes', async () => {
      await deliverAlerts(auditReport(T0, [alice, bob]), changes());
      published.length = 0;

      const result = await deliverAlerts(auditReport(T1, [alice]), changes());

      expect(result.changes?.resolved.map((f) => [f.userName, f.outcome])).toEqual([['bob', 'compliant']]);
      expect(published).toHaveLength(1);
    });

    test('a publish failure throws and the state is NOT saved, so the next run alerts again', async () => {
      await deliverAlerts(auditReport(T0, [alice]), changes());
      const afterFirst = store.stored;
      publishError = new AwsCallError('Publish', 'InternalError: try again');

      await expect(deliverAlerts(auditReport(T1, [alice, bob]), changes())).rejects.toBe(publishError);

      expect(store.saves).toBe(1);
      expect(store.stored).toBe(afterFirst);

      publishError = undefined;
      published.length = 0;
      const retried = await deliverAlerts(auditReport(T2, [alice, bob]), changes());
      expect(retried.changes?.newViolations.map((v) => v.userName)).toEqual(['bob']);
      expect(published).toHaveLength(1);
    });

    test('a publish failure on a later part still saves nothing', async () => {
      const report = multiPartReport();
      const context = { ...CONTEXT, budgetBytes: 24 * 1024 };
      let calls = 0;
      const publish = (): Promise<string> =>
        ++calls === 2 ? Promise.reject(new Error('network down')) : Promise.resolve(`msg-${calls}`);

      await expect(deliverAlerts(report, changes({ context, publish }))).rejects.toThrow('network down');

      expect(calls).toBe(2);
      expect(store.saves).toBe(0);
    });

    test('a state load failure: warns, publishes everything, saves nothing', async () => {
      store.loadError = new AwsCallError('GetItem', 'AccessDeniedException: no (needs dynamodb:GetItem)');
      const report = auditReport(T0, [alice]);

      const result = await deliverAlerts(report, changes());

      expect(warnings).toEqual([
        [
          'alert state unavailable; alerting on everything',
          {
            error: {
              operation: 'GetItem',
              message: 'AccessDeniedException: no (needs dynamodb:GetItem)',
            },
          },
        ],
      ]);
      expect(published).toEqual(buildAlertMessages(report, CONTEXT));
      expect(result.changes).toBeUndefined();
      expect(store.saves).toBe(0);
      expect(log).toEqual(['load', 'publish']);
    });

    test('a state load failure publishes even when nothing changed', async () => {
      await deliverAlerts(auditReport(T0, [alice]), changes());
      store.loadError = new Error('boom');
      published.length = 0;

      await deliverAlerts(auditReport(T1, [alice]), changes());

      expect(published).toHaveLength(1);
      expect(warnings.map(([message]) => message)).toEqual([
        'alert state unavailable; alerting on everything',
      ]);
    });

    test('a stored state it cannot read: warns and treats every finding as new', async () => {
      store.stored = JSON.stringify({ version: 99 });

      const result = await deliverAlerts(auditReport(T0, [alice]), changes());

      expect(warnings).toEqual([['stored alert state ignored: unknown version 99', undefined]]);
      expect(result.changes?.newViolations.map((v) => v.userName)).toEqual(['alice']);
      expect(published).toHaveLength(1);
      expect(store.state?.version).toBe(1);
    });

    test('without a state store it refuses, publishing nothing', async () => {
      await expect(deliverAlerts(auditReport(T0, [alice]), changes({ state: undefined }))).rejects.toThrow(
        'notify=changes needs a state store',
      );
      expect(published).toEqual([]);
    });

    describe('a partial re-check (scope: users)', () => {
      const LONG_AGO = new Date(Date.parse(T1) - 30 * DAY_MS).toISOString();

      beforeEach(() => {
        // alice open since long ago, and the last digest is overdue.
        store.stored = JSON.stringify(
          encodeAlertState([{ arn: alice.arn, userName: 'alice', firstSeen: LONG_AGO }], LONG_AGO, false),
        );
      });

      test('that changes nothing never sends the overdue digest; lastDigestAt is kept', async () => {
        const result = await deliverAlerts(
          asRecheckOf(auditReport(T1, [], { root: null }), 'carol'),
          changes(),
        );

        expect(published).toEqual([]);
        expect(result.changes?.digestDue).toBe(false);
        expect(result.changes?.unknown.map((f) => f.userName)).toEqual(['alice']);
        expect(store.saves).toBe(1);
        expect(store.state?.lastDigestAt).toBe(LONG_AGO);
      });

      test('that finds a new violation publishes it but keeps lastDigestAt unchanged', async () => {
        const result = await deliverAlerts(
          asRecheckOf(auditReport(T1, [bob], { root: null }), 'bob'),
          changes(),
        );

        expect(published).toHaveLength(1);
        expect(result.changes).toMatchObject({ digestDue: false });
        expect(result.changes?.newViolations.map((v) => v.userName)).toEqual(['bob']);
        expect(store.state?.lastDigestAt).toBe(LONG_AGO);
        // alice was not looked at: still open, with her first sighting.
        expect(store.state).toEqual(
          encodeAlertState(
            [
              { arn: bob.arn, userName: 'bob', firstSeen: T1 },
              { arn: alice.arn, userName: 'alice', firstSeen: LONG_AGO },
            ],
            LONG_AGO,
            false,
            T1,
          ),
        );
      });

      test('on a first run (no stored state) keeps lastDigestAt null', async () => {
        store.stored = undefined;

        await deliverAlerts(asRecheckOf(auditReport(T1, [bob], { root: null }), 'bob'), changes());

        expect(published).toHaveLength(1);
        expect(store.state).toMatchObject({ lastDigestAt: null });
      });

      test('a full run afterwards still sends the overdue digest', async () => {
        await deliverAlerts(asRecheckOf(auditReport(T1, [], { root: null }), 'carol'), changes());

        const result = await deliverAlerts(auditReport(T2, [alice]), changes());

        expect(result.changes?.digestDue).toBe(true);
        expect(published).toHaveLength(1);
        expect(store.state?.lastDigestAt).toBe(T2);
      });
    });
  });

  describe('a failed audit publishes its failure notice', () => {
    test('in always mode', async () => {
      const report = failedReport(T0);

      const result = await deliverAlerts(report, options());

      expect(published).toEqual(buildAlertMessages(report, CONTEXT));
      expect(published[0]?.subject).toMatch(/fail/i);
      expect(result.messageIds).toHaveLength(published.length);
    });

    test('in always mode even for a re-check of named users', async () => {
      await deliverAlerts(asRecheckOf(failedReport(T0), 'alice'), options());

      expect(published.length).toBeGreaterThan(0);
    });

    test('in changes mode, on a first run', async () => {
      const report = failedReport(T0);

      const result = await deliverAlerts(report, changes());

      expect(result.changes?.auditFailed).toBe(true);
      expect(published).toEqual(buildAlertMessages(report, { ...CONTEXT, changes: result.changes }));
      expect(published[0]?.subject).toMatch(/fail/i);
    });

    test('in changes mode, again on every failing run, leaving the open findings as they were', async () => {
      await deliverAlerts(auditReport(T0, [alice]), changes());
      const afterFirst = store.state;
      published.length = 0;

      await deliverAlerts(failedReport(T1), changes());
      await deliverAlerts(failedReport(T2), changes());

      expect(published).toHaveLength(2);
      expect(store.state).toEqual(afterFirst);
    });
  });
});
