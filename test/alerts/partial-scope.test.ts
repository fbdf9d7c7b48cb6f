import type { AlertState } from '../../lambda/core/alert-state';
import { encodeAlertState } from '../../lambda/core/alert-state';
import type { Changes } from '../../lambda/core/changes';
import { detectChanges } from '../../lambda/core/changes';
import type { AuditReport, AuditScope } from '../../lambda/core/types';
import { buildAlertMessages } from '../../lambda/alerts/alert-messages';
import { headline } from '../../lambda/alerts/alert-summary';
import { buildFailureMessages, rerunCommands } from '../../lambda/alerts/failure-notice';
import { publishedBytes, SNS_MAX_MESSAGE_BYTES } from '../../lambda/alerts/message-size';
import { MAX_SUBJECT_LENGTH, alertSubject } from '../../lambda/alerts/subject';
import { auditReport, failedReport, violation } from '../../tools/builders/report';
import { bodiesOf } from './golden';

const T0 = '2026-11-01T06:00:00.000Z';
const T1 = '2026-11-02T06:00:00.000Z';
const alice = violation('alice');
const bob = violation('bob', '/eng/');
const carol = violation('carol');

function scope(userNames: string[], extra: Partial<Extract<AuditScope, { kind: 'users' }>> = {}): AuditScope {
  return { kind: 'users', userNames, notFound: [], withMfa: [], ...extra };
}

/** A re-check of `names` at T1: root not judged, as the engine reports it. */
function recheck(
  names: string[],
  overrides: Partial<AuditReport> = {},
  s: Partial<Extract<AuditScope, { kind: 'users' }>> = {},
): AuditReport {
  const base = auditReport(T1, overrides.violations ?? [], { root: null, ...overrides });
  return {
    ...base,
    scope: scope(names, s),
    summary: {
      ...base.summary,
      usersScanned: names.length - (s.notFound?.length ?? 0),
      candidates: names.length,
    },
  };
}

/** The state a full audit at T0 left: alice and bob open, the root user as given. */
function stateWith(open: (typeof alice)[], root: boolean | null): AlertState {
  return encodeAlertState(
    open.map((v) => ({ arn: v.arn, userName: v.userName, firstSeen: T0 })),
    T0,
    root,
  );
}

const changesOf = (state: AlertState, report: AuditReport): Changes => detectChanges(state, report).changes;

const ALL_CLEAR = [/\ball\b[^.\n]*\bha(ve|s) MFA/i, /Every IAM user/i];

const OPEN_AND_ROOT = stateWith([alice, bob], true);

const fixedAlice = recheck(['alice'], {}, { withMfa: ['alice'] });

describe('a re-check of named users: subject and headline', () => {
  test.each<[string, AuditReport, Changes | undefined, string, string]>([
    [
      'resolved by MFA, state knows 1 user + root open',
      fixedAlice,
      changesOf(OPEN_AND_ROOT, fixedAlice),
      'MFA audit: alice now has MFA (resolved) in 123456789012 (prod); 2 still open: 1 user + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice now has MFA (resolved).',
    ],
    [
      'resolved, root never judged (only re-checks so far)',
      fixedAlice,
      changesOf(stateWith([alice, bob], null), fixedAlice),
      'MFA audit: alice now has MFA (resolved) in 123456789012 (prod); 1 user still open',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice now has MFA (resolved).',
    ],
    [
      'resolved, nothing else open',
      fixedAlice,
      changesOf(stateWith([alice], false), fixedAlice),
      'MFA audit: alice now has MFA (resolved) in 123456789012 (prod); none still open',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice now has MFA (resolved).',
    ],
    [
      'resolved, only root still open',
      fixedAlice,
      changesOf(stateWith([alice], true), fixedAlice),
      'MFA audit: alice now has MFA (resolved) in 123456789012 (prod); 1 still open: root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice now has MFA (resolved).',
    ],
    [
      'resolved by removing the console password',
      recheck(['alice']),
      changesOf(OPEN_AND_ROOT, recheck(['alice'])),
      'MFA audit: alice resolved (no console password) in 123456789012 (prod); 2 still open: 1 user + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice has no console password now (resolved).',
    ],
    [
      'resolved by an exemption tag',
      recheck(['alice'], {
        exempted: [{ userName: 'alice', arn: alice.arn, until: '2027-01-01', reason: 'SSO' }],
      }),
      changesOf(
        OPEN_AND_ROOT,
        recheck(['alice'], {
          exempted: [{ userName: 'alice', arn: alice.arn, until: '2027-01-01', reason: 'SSO' }],
        }),
      ),
      'MFA audit: alice is exempted by tag now (resolved) in 123456789012; 2 still open: 1 user + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice is exempted by tag now (resolved).',
    ],
    [
      'a new violation, counted among the open',
      recheck(['carol'], { violations: [carol] }),
      changesOf(OPEN_AND_ROOT, recheck(['carol'], { violations: [carol] })),
      'MFA audit: carol has no MFA (new) in 123456789012 (prod); 4 still open: 3 users + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): carol has no MFA (new).',
    ],
    [
      'a violation that was already open',
      recheck(['alice'], { violations: [alice] }),
      changesOf(OPEN_AND_ROOT, recheck(['alice'], { violations: [alice] })),
      'MFA audit: alice still has no MFA in 123456789012 (prod); 3 still open: 2 users + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice still has no MFA.',
    ],
    [
      'a violation, no state (notify: always)',
      recheck(['alice'], { violations: [alice] }),
      undefined,
      'MFA audit: alice has no MFA in 123456789012 (prod)',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice has no MFA.',
    ],
    [
      'compliant with MFA, no state',
      fixedAlice,
      undefined,
      'MFA audit: alice has MFA in 123456789012 (prod)',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice has MFA.',
    ],
    [
      'no console password, no state',
      recheck(['carol']),
      undefined,
      'MFA audit: carol has no console password in 123456789012 (prod)',
      'Re-check of 1 named user in AWS account 123456789012 (prod): carol has no console password.',
    ],
    [
      'in the grace period',
      recheck(['carol'], {
        pending: [
          { userName: 'carol', arn: carol.arn, passwordCreated: T1, deadline: '2026-11-03T06:00:00.000Z' },
        ],
      }),
      undefined,
      'MFA audit: carol is in the MFA grace period in 123456789012 (prod)',
      'Re-check of 1 named user in AWS account 123456789012 (prod): carol is in the MFA grace period.',
    ],
    [
      'could not be checked (incomplete), with the state',
      recheck(['alice'], { errors: [{ userName: 'alice', operation: 'ListMFADevices', message: 'denied' }] }),
      changesOf(
        OPEN_AND_ROOT,
        recheck(['alice'], {
          errors: [{ userName: 'alice', operation: 'ListMFADevices', message: 'denied' }],
        }),
      ),
      'MFA audit: alice could not be checked in 123456789012 (prod); 3 still open: 2 users + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): alice could not be checked.',
    ],
    [
      'a named user that does not exist',
      recheck(['ghost'], {}, { notFound: ['ghost'] }),
      undefined,
      'MFA audit: ghost does not exist in 123456789012 (prod)',
      'Re-check of 1 named user in AWS account 123456789012 (prod): ghost does not exist.',
    ],
    [
      'an open user deleted since',
      recheck(['bob'], {}, { notFound: ['bob'] }),
      changesOf(OPEN_AND_ROOT, recheck(['bob'], {}, { notFound: ['bob'] })),
      'MFA audit: bob was deleted (resolved) in 123456789012 (prod); 2 still open: 1 user + root',
      'Re-check of 1 named user in AWS account 123456789012 (prod): bob was deleted (resolved).',
    ],
    [
      'several users: counts in the subject, each user in the headline',
      recheck(
        ['alice', 'bob', 'carol', 'dave'],
        {
          violations: [carol],
          errors: [{ userName: 'dave', operation: 'GetLoginProfile', message: 'denied' }],
        },
        { withMfa: ['alice'] },
      ),
      changesOf(
        OPEN_AND_ROOT,
        recheck(
          ['alice', 'bob', 'carol', 'dave'],
          {
            violations: [carol],
            errors: [{ userName: 'dave', operation: 'GetLoginProfile', message: 'denied' }],
          },
          { withMfa: ['alice'] },
        ),
      ),
      'MFA audit: 4 users: 1 no MFA, 1 unchecked, 2 resolved in 123456789012; 2 still open: 1 user + root',
      'Re-check of 4 named users in AWS account 123456789012 (prod): alice now has MFA (resolved); ' +
        'bob has no console password now (resolved); carol has no MFA (new); dave could not be checked.',
    ],
  ])('%s', (_name, report, changes, subject, first) => {
    const actual = alertSubject(report, { accountAlias: 'prod', changes });
    expect(actual).toBe(subject);
    expect(actual.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(headline(report, 'prod', changes)).toBe(first);
    for (const claim of ALL_CLEAR) {
      expect(actual).not.toMatch(claim);
      for (const msg of buildAlertMessages(report, { accountAlias: 'prod', changes })) {
        expect(msg.subject).toBe(actual);
        for (const body of Object.values(bodiesOf(msg.message))) expect(body).not.toMatch(claim);
      }
    }
  });

  test('a long user name and alias: the alias, then the words and the name give way; the count and part label stay', () => {
    const name = `${'x'.repeat(40)}+team=ops,eu@example_com-`.padEnd(64, 'y');
    const report = recheck([name], {}, { withMfa: [name] });
    const state = stateWith([violation(name), bob], true);
    const subject = alertSubject(report, {
      accountAlias: 'a'.repeat(63),
      changes: changesOf(state, report),
      part: { index: 1, total: 2 },
    });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject).toBe(
      'MFA audit: xxxxxx... now has MFA (resolved) in 123456789012; 2 still open: 1 user + root [part 1/2]',
    );
  });

  test('a whole-account audit keeps its wording (scope: account)', () => {
    const clean = auditReport(T1, []);
    expect(alertSubject(clean)).toBe('MFA audit: all console users in 123456789012 have MFA');
    expect(headline(clean, undefined)).toMatch(/^Every IAM user in AWS account 123456789012/);
  });

  test('many named users: the headline counts them instead of naming each', () => {
    const names = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const report = recheck(names, { violations: [violation('user-3')] });
    expect(headline(report, undefined)).toBe(
      'Re-check of 40 named users in AWS account 123456789012: 1 without MFA, 39 without a console password.',
    );
  });
});

describe('a failed re-check of named users', () => {
  const failed: AuditReport = { ...failedReport(T1), scope: scope(['alice']) };

  test('names the users it was for, claims nothing about anyone, and re-runs just them', () => {
    const [msg] = buildFailureMessages(failed, {
      accountAlias: 'prod',
      functionName: 'fn',
      region: 'us-east-1',
    });
    if (!msg) throw new Error('no message');
    expect(msg.subject).toBe('MFA audit FAILED: re-check of alice in account 123456789012 (prod): no result');
    const bodies = bodiesOf(msg.message);
    expect(bodies.email).toMatch(
      /^The MFA re-check of alice in AWS account 123456789012 \(prod\) FAILED at /,
    );
    expect(bodies.email).toContain('None of them has been judged, so none is known to be compliant.');
    expect(bodies.email).toContain(`--payload '{"users":["alice"]}' response.json`);
    expect(bodies.email).toContain('npm run audit -- --user alice');
    expect(JSON.parse(bodies.https)).toMatchObject({
      content: { title: ':x: MFA re-check of alice FAILED in 123456789012 (prod)' },
    });
    expect(JSON.parse(bodies.sqs)).toMatchObject({ status: 'failed', scope: failed.scope });
  });

  test('the re-run command quotes user names for the shell', () => {
    expect(rerunCommands({ functionName: 'fn' }, ["o'neil", '-dash'])).toEqual([
      `aws lambda invoke --function-name fn --cli-binary-format raw-in-base64-out --cli-read-timeout 900 --payload '{"users":["o'"'"'neil","-dash"]}' response.json`,
      `or, from a checkout with credentials for the account: npm run audit -- --user 'o'"'"'neil' --user=-dash`,
    ]);
  });
});

describe('a re-check of thousands of named users', () => {
  const names = Array.from({ length: 5000 }, (_, i) =>
    `u${String(i).padStart(5, '0')}.first+team=ops,eu@x_`.padEnd(64, 'x'),
  );
  const scoped: AuditScope = {
    kind: 'users',
    userNames: names,
    notFound: names.filter((_, i) => i % 7 === 0),
    withMfa: names.filter((_, i) => i % 7 !== 0 && i % 2 === 0),
  };

  function expectSplitOnce(messages: ReturnType<typeof buildAlertMessages>): void {
    const machine = messages.map((m) => JSON.parse(bodiesOf(m.message).sqs) as AuditReport);
    for (const m of messages) expect(publishedBytes(m)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    if (scoped.kind !== 'users') throw new Error('unreachable');
    for (const key of ['userNames', 'notFound', 'withMfa'] as const) {
      expect(machine.flatMap((r) => (r.scope.kind === 'users' ? r.scope[key] : []))).toEqual(scoped[key]);
    }
  }

  test('the alert is split into parts under 256 KiB; the parts list every named user once', () => {
    const report: AuditReport = {
      ...recheck([]),
      scope: scoped,
      summary: { ...recheck([]).summary, usersScanned: 4285 },
    };
    const messages = buildAlertMessages(report, { accountAlias: 'prod' });
    expect(messages.length).toBeGreaterThan(1);
    expectSplitOnce(messages);
    expect(messages[0]?.subject).toMatch(
      /^MFA audit: 5000 named users: 2142 with MFA, 2143 without a console password, 715 not found|^MFA audit: 5000 users: /,
    );
    expect(headline(report, undefined)).toBe(
      'Re-check of 5000 named users in AWS account 123456789012: 2142 with MFA, 2143 without a console password, 715 not found.',
    );
  });

  test('so is the failure notice of such a re-check', () => {
    const report: AuditReport = { ...failedReport(T1), scope: { ...scoped, notFound: [], withMfa: [] } };
    const messages = buildFailureMessages(report, { functionName: 'fn' });
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(publishedBytes(m)).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
      expect(m.subject).toMatch(
        /^MFA audit FAILED: re-check of 5000 named users in account 123456789012: no result \[part \d+\/\d+\]$/,
      );
      // Too many to re-run by name: the command re-runs the whole audit.
      expect(bodiesOf(m.message).email).toContain(`--payload '{}' response.json`);
    }
    const machine = messages.map((m) => JSON.parse(bodiesOf(m.message).sqs) as AuditReport);
    expect(machine.flatMap((r) => (r.scope.kind === 'users' ? r.scope.userNames : []))).toEqual(names);
  });
});
