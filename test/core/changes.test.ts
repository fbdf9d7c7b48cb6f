import { gzipSync } from 'node:zlib';
import type { AlertState, OpenFinding } from '../../lambda/core/alert-state';
import {
  emptyAlertState,
  encodeAlertState,
  openFindings,
  readAlertState,
} from '../../lambda/core/alert-state';
import type { Changes } from '../../lambda/core/changes';
import { DIGEST_SLACK_MS, detectChanges, openAfterRun, shouldPublish } from '../../lambda/core/changes';
import type { AuditReport, Violation } from '../../lambda/core/types';
import { asRecheckOf, auditReport, securityHubExport } from '../../tools/builders/report';

const ACCOUNT = '123456789012';
const DAY = 24 * 60 * 60 * 1000;
const T0 = '2026-05-01T06:00:00.000Z';

function violation(userName: string, path = '/'): Violation {
  return {
    userName,
    arn: `arn:aws:iam::${ACCOUNT}:user${path}${userName}`,
    path,
    createDate: '2025-01-01T00:00:00.000Z',
    passwordLastUsed: null,
    passwordResetRequired: false,
    severity: 'high',
    reason: 'Console password enabled (never used to sign in) and no MFA device assigned',
  };
}

const alice = violation('alice');
const bob = violation('bob', '/eng/');
const carol = violation('carol+ops@example.com');

function report(at: string, violations: Violation[], extra: Partial<AuditReport> = {}): AuditReport {
  return auditReport(at, violations, { apiCalls: {}, ...extra });
}

function at(base: string, ms: number): string {
  return new Date(Date.parse(base) + ms).toISOString();
}

/** Runs the audits in turn, each on the state the previous one left. */
function runs(...reports: AuditReport[]): { changes: Changes; next: AlertState }[] {
  let state = emptyAlertState();
  return reports.map((r) => {
    const out = detectChanges(state, r);
    state = out.next;
    return out;
  });
}

const arns = (vs: readonly { arn: string }[]): string[] => vs.map((v) => v.arn).sort();

describe('detectChanges', () => {
  test('first run: everything is new, the full list goes out, and the state remembers it', () => {
    const [first] = runs(report(T0, [alice, bob]));
    expect(arns(first?.changes.newViolations ?? [])).toEqual(arns([alice, bob]));
    expect(first?.changes.digestDue).toBe(true);
    expect(first?.next.lastDigestAt).toBe(T0);
    expect([...openFindings(first?.next ?? emptyAlertState()).values()]).toEqual([
      { arn: alice.arn, userName: 'alice', firstSeen: T0 },
      { arn: bob.arn, userName: 'bob', firstSeen: T0 },
    ]);
  });

  test('unchanged the next day: still open, nothing new or resolved, nothing to publish', () => {
    const [, second] = runs(report(T0, [alice, bob]), report(at(T0, DAY), [bob, alice]));
    const c = second?.changes;
    expect(c?.newViolations).toEqual([]);
    expect(c?.resolved).toEqual([]);
    expect(arns(c?.stillOpen ?? [])).toEqual(arns([alice, bob]));
    expect(c?.digestDue).toBe(false);
    expect(shouldPublish('changes', c as Changes)).toBe(false);
    expect(shouldPublish('always', c as Changes)).toBe(true);
    // First sighting kept; no digest went out, so the digest clock did not move.
    expect(c?.firstSeen[alice.arn]).toBe(T0);
    expect(second?.next.lastDigestAt).toBe(T0);
  });

  test('unchanged, but findings did not reach Security Hub: published, Security Hub would show less', () => {
    const failedExport = { securityHub: securityHubExport('failed', 1) };
    const [, second] = runs(report(T0, [alice]), report(at(T0, DAY), [alice], failedExport));
    expect(second?.changes.securityHubErrors).toBe(1);
    expect(shouldPublish('changes', second?.changes as Changes)).toBe(true);
    const [, quiet] = runs(report(T0, [alice]), report(at(T0, DAY), [alice]));
    expect(quiet?.changes.securityHubErrors).toBe(0);
  });

  test('unchanged, but enforcement restricted, released or failed: published, each is news', () => {
    const enforced = {
      enforcement: {
        mode: 'on' as const,
        policyArn: 'arn:aws:iam::123456789012:policy/p',
        attached: ['alice'],
        detached: [],
        failed: [],
        wouldAttach: ['alice'],
        wouldDetach: [],
      },
    };
    const [, second] = runs(report(T0, [alice]), report(at(T0, DAY), [alice], enforced));
    expect(second?.changes.enforcementEvents).toBe(1);
    expect(shouldPublish('changes', second?.changes as Changes)).toBe(true);
  });

  test('a new violation is new, with this run as its first sighting', () => {
    const later = at(T0, DAY);
    const [, second] = runs(report(T0, [alice]), report(later, [alice, carol]));
    expect(second?.changes.newViolations).toEqual([carol]);
    expect(second?.changes.stillOpen).toEqual([alice]);
    expect(openFindings(second?.next ?? emptyAlertState()).get(carol.arn)?.firstSeen).toBe(later);
    expect(shouldPublish('changes', second?.changes as Changes)).toBe(true);
  });

  test('resolved: open before, no longer a violation, not among the errors; dropped from the state', () => {
    const [, second] = runs(report(T0, [alice, bob]), report(at(T0, DAY), [bob]));
    expect(second?.changes.resolved).toEqual([
      { arn: alice.arn, userName: 'alice', firstSeen: T0, outcome: 'compliant' },
    ]);
    expect(openFindings(second?.next ?? emptyAlertState()).has(alice.arn)).toBe(false);
    expect(shouldPublish('changes', second?.changes as Changes)).toBe(true);
  });

  test('resolved by an exemption or a new password in the grace period says so', () => {
    const [, second] = runs(
      report(T0, [alice, bob]),
      report(at(T0, DAY), [], {
        exempted: [{ userName: 'alice', arn: alice.arn, until: '2026-06-30', reason: 'key on order' }],
        pending: [{ userName: 'bob', arn: bob.arn, passwordCreated: T0, deadline: at(T0, 3 * DAY) }],
      }),
    );
    expect(second?.changes.resolved.map((r) => [r.userName, r.outcome])).toEqual([
      ['alice', 'exempted'],
      ['bob', 'pending'],
    ]);
  });

  test('a user that could not be checked is neither new nor resolved, and stays open as it was', () => {
    const [, second] = runs(
      report(T0, [alice, bob]),
      report(at(T0, DAY), [bob], {
        status: 'incomplete',
        errors: [
          { userName: 'alice', operation: 'ListMFADevices', message: 'ThrottlingException: Rate exceeded' },
        ],
      }),
    );
    expect(second?.changes.resolved).toEqual([]);
    expect(second?.changes.newViolations).toEqual([]);
    expect(second?.changes.unknown).toEqual([{ arn: alice.arn, userName: 'alice', firstSeen: T0 }]);
    expect(openFindings(second?.next ?? emptyAlertState()).get(alice.arn)?.firstSeen).toBe(T0);
    // Users we could not check are always worth telling someone about.
    expect(shouldPublish('changes', second?.changes as Changes)).toBe(true);
  });

  test('a failed audit changes nothing: no resolved users, same state, and it is published', () => {
    const [first] = runs(report(T0, [alice, bob]));
    const previous = first?.next ?? emptyAlertState();
    const failed = report(at(T0, 10 * DAY), [], {
      status: 'failed',
      root: null,
      errors: [{ userName: null, operation: 'ListUsers', message: 'AccessDenied (needs iam:ListUsers)' }],
    });
    const { changes, next } = detectChanges(previous, failed);
    expect(next).toBe(previous);
    expect(changes.auditFailed).toBe(true);
    expect(changes.resolved).toEqual([]);
    expect(changes.newViolations).toEqual([]);
    expect(changes.digestDue).toBe(false);
    expect(shouldPublish('changes', changes)).toBe(true);
  });

  test('a re-check of named users leaves everyone else open', () => {
    const [first] = runs(report(T0, [alice, bob]));
    const { changes, next } = detectChanges(
      first?.next ?? emptyAlertState(),
      asRecheckOf(report(at(T0, DAY), [], { root: null }), 'bob'),
    );
    expect(changes.resolved.map((r) => r.userName)).toEqual(['bob']);
    expect(changes.unknown.map((r) => r.userName)).toEqual(['alice']);
    expect([...openFindings(next).keys()]).toEqual([alice.arn]);
  });

  test('a report whose scope is users is a partial re-check by itself; names match regardless of case', () => {
    const [first] = runs(report(T0, [alice, bob]));
    const { changes } = detectChanges(
      first?.next ?? emptyAlertState(),
      report(at(T0, DAY), [], {
        root: null,
        scope: { kind: 'users', userNames: ['Bob'], notFound: ['Bob'], withMfa: [] },
      }),
    );
    expect(changes.resolved.map((r) => r.userName)).toEqual(['bob']);
    expect(changes.unknown.map((r) => r.userName)).toEqual(['alice']);
    expect(changes.digestDue).toBe(false);
    // The event named `BOB`: still bob.
    const named = detectChanges(
      first?.next ?? emptyAlertState(),
      asRecheckOf(report(at(T0, DAY), [], { root: null }), 'BOB'),
    );
    expect(named.changes.resolved.map((r) => r.userName)).toEqual(['bob']);
  });

  test('what is open after a run: users from the state and the root user as last judged', () => {
    const rootless = { ...report(T0, []).root, violation: true, mfaEnabled: false } as AuditReport['root'];
    const [full, recheck, failed] = runs(
      report(T0, [alice, bob], { root: rootless }),
      report(at(T0, DAY), [], {
        root: null,
        scope: { kind: 'users', userNames: ['alice'], notFound: [], withMfa: ['alice'] },
      }),
      { ...report(at(T0, 2 * DAY), []), status: 'failed', root: null },
    );
    expect(full && openAfterRun(full.changes)).toEqual({ users: 2, root: true });
    expect(recheck && openAfterRun(recheck.changes)).toEqual({ users: 1, root: true });
    expect(failed && openAfterRun(failed.changes)).toEqual({ users: 1, root: true });
    const [onlyRechecks] = runs(
      report(T0, [carol], {
        root: null,
        scope: { kind: 'users', userNames: [carol.userName], notFound: [], withMfa: [] },
      }),
    );
    expect(onlyRechecks && openAfterRun(onlyRechecks.changes)).toEqual({ users: 1, root: null });
  });

  describe('the digest', () => {
    const last = '2026-05-01T06:00:03.000Z';
    const previous = encodeAlertState([{ arn: alice.arn, userName: 'alice', firstSeen: T0 }], last, false);
    const due = (ms: number, days?: number): boolean =>
      detectChanges(previous, report(at(last, ms), [alice]), { digestEveryDays: days }).changes.digestDue;

    test('a re-check of named users is never due for one and keeps the digest clock, even when it alerts', () => {
      const { changes, next } = detectChanges(
        previous,
        asRecheckOf(report(at(last, 30 * DAY), [alice, bob]), 'alice', 'bob'),
      );
      expect(changes.digestDue).toBe(false);
      expect(changes.newViolations.map((v) => v.userName)).toEqual(['bob']);
      expect(shouldPublish('changes', changes)).toBe(true);
      expect(next.lastDigestAt).toBe(last);
    });

    test('is due a week after the last full list (scheduled runs may start up to an hour early)', () => {
      expect(due(7 * DAY)).toBe(true);
      expect(due(7 * DAY - DIGEST_SLACK_MS)).toBe(true);
      expect(due(7 * DAY - DIGEST_SLACK_MS - 1)).toBe(false);
      expect(due(DAY)).toBe(false);
    });

    test('follows the configured cadence, and 0 turns it off', () => {
      expect(due(DAY, 1)).toBe(true);
      expect(due(DAY - DIGEST_SLACK_MS - 1, 1)).toBe(false);
      expect(due(365 * DAY, 0)).toBe(false);
      expect(() => due(DAY, -1)).toThrow(RangeError);
    });

    test('when due, the alert goes out and the clock restarts; any published alert restarts it too', () => {
      const { changes, next } = detectChanges(previous, report(at(last, 7 * DAY), [alice]));
      expect(shouldPublish('changes', changes)).toBe(true);
      expect(next.lastDigestAt).toBe(at(last, 7 * DAY));
      const withNew = detectChanges(previous, report(at(last, DAY), [alice, bob]));
      expect(withNew.changes.digestDue).toBe(false);
      expect(withNew.next.lastDigestAt).toBe(at(last, DAY));
    });
  });

  test('the root user: a new violation or a change is published; not checking it keeps what we knew', () => {
    const rootless = { ...report(T0, []).root, violation: true, mfaEnabled: false } as AuditReport['root'];
    const [first, second, third, fourth] = runs(
      report(T0, [], { root: rootless }),
      report(at(T0, DAY), [], { root: rootless }),
      report(at(T0, 2 * DAY), [], { root: null }),
      report(at(T0, 3 * DAY), []),
    );
    expect(first?.changes.rootChanged).toBe(true);
    expect(second?.changes.rootChanged).toBe(false);
    expect(third?.changes.rootChanged).toBe(false);
    expect(third?.next.rootViolation).toBe(true);
    expect(fourth?.changes.rootChanged).toBe(true);
    expect(fourth?.next.rootViolation).toBe(false);
  });
});

describe('the stored state', () => {
  test('survives JSON and reads back; nothing stored is a first run', () => {
    const [first] = runs(report(T0, [alice, bob, carol]));
    const stored = JSON.parse(JSON.stringify(first?.next)) as unknown;
    const { state, problem } = readAlertState(stored);
    expect(problem).toBeUndefined();
    expect(state).toEqual(first?.next);
    expect(readAlertState(undefined)).toEqual({ state: emptyAlertState() });
  });

  test.each<[unknown, RegExp]>([
    ['garbage', /not an object/],
    [{ version: 2, open: {}, lastDigestAt: null, rootViolation: null }, /unknown version 2/],
    [{ version: 1, open: { yesterday: {} }, lastDigestAt: null, rootViolation: null }, /not a time/],
    [
      {
        version: 1,
        open: { [T0]: { 'arn:aws:iam::1:user/': ['a/b'] } },
        lastDigestAt: null,
        rootViolation: null,
      },
      /user names/,
    ],
  ])('an unreadable state %j is replaced by the empty one, and says why', (raw, why) => {
    const { state, problem } = readAlertState(raw);
    expect(state).toEqual(emptyAlertState());
    expect(problem).toMatch(why);
  });

  /** A name of `length` characters from IAM's alphabet (`[\w+=,.@-]`), different for every `i`. */
  function userName(i: number, length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-';
    let name = `${String(i).padStart(4, '0')}.`;
    let x = (i + 1) * 2654435761;
    while (name.length < length) {
      x = (x * 1103515245 + 12345) % 2147483648;
      name += alphabet[x % alphabet.length] ?? 'x';
    }
    return name;
  }

  /** 5,000 open findings on a few paths, first seen over a month of daily runs. */
  function fiveThousand(nameLength: number): OpenFinding[] {
    return Array.from({ length: 5000 }, (_, i) => {
      const name = userName(i, nameLength);
      const path = ['/', '/engineering/', '/contractors/emea/', '/svc/'][i % 4] ?? '/';
      return {
        arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`,
        userName: name,
        firstSeen: at(T0, (i % 30) * DAY),
      };
    });
  }

  test.each([
    [32, 200_000],
    [64, 350_000],
  ])('5,000 ARNs with %i-character names serialise under %i bytes', (length, limit) => {
    const findings = fiveThousand(length);
    const json = JSON.stringify(encodeAlertState(findings, T0, false));
    expect(Buffer.byteLength(json)).toBeLessThan(limit);
    // The DynamoDB store gzips it too (random names like these compress least; real names far better).
    expect(gzipSync(json).length).toBeLessThan(Buffer.byteLength(json));
    const byArn = (a: OpenFinding, b: OpenFinding): number => a.arn.localeCompare(b.arn);
    const back = [...openFindings(readAlertState(JSON.parse(json)).state).values()];
    expect(back.sort(byArn)).toEqual([...findings].sort(byArn));
  });
});
