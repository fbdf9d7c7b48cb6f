import type { EnforcementOutcome, PolicyHolder } from '../../lambda/core/enforcement';
import { enforcementNotes, overdueAt, planEnforcement } from '../../lambda/core/enforcement';
import type { AuditReport, Violation } from '../../lambda/core/types';
import { asRecheckOf, auditReport, failedReport, violation } from '../../tools/builders/report';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const POLICY = { gracePeriodHours: 24, enforceAfterDays: 14 };
const DAY = 24 * 60 * 60 * 1000;

/** A violator whose console password was created `days` days before NOW. */
function violatorFor(userName: string, days: number): Violation {
  return { ...violation(userName), passwordCreated: new Date(NOW.getTime() - days * DAY).toISOString() };
}

function report(violators: Violation[], extra: Partial<AuditReport> = {}): AuditReport {
  return auditReport(NOW.toISOString(), violators, extra);
}

const holders = (...names: string[]): PolicyHolder[] => names.map((userName) => ({ userName }));

describe('overdueAt', () => {
  it('is the password creation plus the grace period plus enforceAfterDays', () => {
    expect(overdueAt({ passwordCreated: '2026-05-01T00:00:00.000Z' }, POLICY)?.toISOString()).toBe(
      '2026-05-16T00:00:00.000Z',
    );
  });

  it('is unknown without a password creation date: nobody is restricted on a guess', () => {
    expect(overdueAt({}, POLICY)).toBeUndefined();
    expect(overdueAt({ passwordCreated: 'not a date' }, POLICY)).toBeUndefined();
  });
});

describe('planEnforcement', () => {
  it('attaches to overdue violators only; not yet overdue ones are left alone', () => {
    const plan = planEnforcement(
      report([violatorFor('old', 16), violatorFor('edge', 15), violatorFor('new', 14.9)]),
      holders(),
      POLICY,
      NOW,
    );
    expect(plan).toEqual({ attach: ['old', 'edge'], detach: [] });
  });

  it('does not attach again to a user who holds the policy (by name, any case, or by IAM id)', () => {
    const byId = { ...violatorFor('renamed', 30), userId: 'AIDARENAMED' };
    const plan = planEnforcement(
      report([violatorFor('Alice', 30), byId]),
      [{ userName: 'alice' }, { userName: 'old-name', userId: 'AIDARENAMED' }],
      POLICY,
      NOW,
    );
    expect(plan.attach).toEqual([]);
  });

  it('detaches from holders this audit judged compliant: MFA, no password, deleted, validly exempted', () => {
    const r = report([violatorFor('alice', 30)], {
      exempted: [
        { userName: 'erin', arn: 'arn:aws:iam::123456789012:user/erin', until: '2026-07-01', reason: 'r' },
      ],
    });
    const plan = planEnforcement(r, holders('alice', 'bob', 'erin', 'gone'), POLICY, NOW);
    expect(plan.detach).toEqual(['bob', 'erin', 'gone']);
  });

  it('never touches unchecked users (by name or IAM id) or users in the grace period', () => {
    const r = report([], {
      status: 'incomplete',
      errors: [
        { userName: 'carol', operation: 'ListMFADevices', message: 'Throttling' },
        { userName: 'dan-new', userId: 'AIDADAN', operation: 'ListMFADevices', message: 'Throttling' },
      ],
      pending: [
        { userName: 'pat', arn: 'arn', passwordCreated: NOW.toISOString(), deadline: NOW.toISOString() },
      ],
    });
    const plan = planEnforcement(
      r,
      [{ userName: 'carol' }, { userName: 'dan', userId: 'AIDADAN' }, { userName: 'pat' }],
      POLICY,
      NOW,
    );
    expect(plan).toEqual({ attach: [], detach: [] });
  });

  it('an overdue violator whose exemption tags could not be read is not restricted (unchecked, untouched)', () => {
    const unreadable: Violation = {
      ...violatorFor('breakglass', 30),
      exemption: { status: 'unreadable', error: { operation: 'ListUserTags', message: 'Throttling' } },
    };
    expect(planEnforcement(report([unreadable]), holders(), POLICY, NOW).attach).toEqual([]);
  });

  it('a holder renamed since the listing is never planned for release while the report has their id violating', () => {
    const bob = { ...violatorFor('bob', 30), userId: 'AIDABOB' };
    const plan = planEnforcement(report([bob]), [{ userName: 'bob2', userId: 'AIDABOB' }], POLICY, NOW);
    expect(plan).toEqual({ attach: [], detach: [] });
  });

  it('a violator not yet overdue who holds the policy keeps it: still not compliant', () => {
    const plan = planEnforcement(report([violatorFor('alice', 1)]), holders('alice'), POLICY, NOW);
    expect(plan).toEqual({ attach: [], detach: [] });
  });

  it('holders unknown (the listing failed): attach (harmless if held), release nobody', () => {
    const plan = planEnforcement(report([violatorFor('alice', 30)]), null, POLICY, NOW);
    expect(plan).toEqual({ attach: ['alice'], detach: [] });
  });

  it('a re-check of named users releases only the users it named', () => {
    const r = asRecheckOf(report([]), 'bob');
    const plan = planEnforcement(r, holders('bob', 'zoe'), POLICY, NOW);
    expect(plan.detach).toEqual(['bob']);
  });

  it('refuses a failed audit: nobody was judged', () => {
    expect(() => planEnforcement(failedReport(NOW.toISOString()), holders('bob'), POLICY, NOW)).toThrow(
      /status not failed/,
    );
  });
});

describe('enforcementNotes', () => {
  const base: EnforcementOutcome = {
    mode: 'on',
    policyArn: 'arn:aws:iam::123456789012:policy/MfaSelfService',
    attached: [],
    detached: [],
    failed: [],
    wouldAttach: [],
    wouldDetach: [],
  };

  it('says who was restricted and what they can still do, and who was released', () => {
    expect(enforcementNotes({ ...base, attached: ['alice'], detached: ['bob'] })).toEqual([
      'Enforced on alice: until they sign in with MFA they can only enrol an MFA device and change their password (policy arn:aws:iam::123456789012:policy/MfaSelfService attached).',
      'Enforcement lifted for bob: compliant again (policy arn:aws:iam::123456789012:policy/MfaSelfService detached).',
    ]);
  });

  it('a preview says what on would do, and that nothing changed', () => {
    const notes = enforcementNotes({
      ...base,
      mode: 'preview',
      wouldAttach: ['alice'],
      wouldDetach: ['bob'],
    });
    expect(notes).toEqual([
      'Enforcement preview: would restrict 1 overdue user(s) to enrolling MFA (alice). Nothing was changed.',
      'Enforcement preview: would lift the restriction from 1 compliant user(s) (bob). Nothing was changed.',
    ]);
  });

  it('a failure is said with the operation and AWS words', () => {
    const notes = enforcementNotes({
      ...base,
      failed: [
        {
          userName: 'alice',
          operation: 'AttachUserPolicy',
          message: 'AccessDenied (needs iam:AttachUserPolicy)',
        },
      ],
    });
    expect(notes[0]).toMatch(
      /^Enforcement FAILED for 1 operation\(s\) \(alice\): first AttachUserPolicy: AccessDenied/,
    );
  });

  it('nothing to say when nothing happened', () => {
    expect(enforcementNotes(base)).toEqual([]);
  });
});
