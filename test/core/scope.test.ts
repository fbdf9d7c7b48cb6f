import type { IamPort } from '../../lambda/core/ports';
import { runAudit } from '../../lambda/core/audit';
import { AwsCallError } from '../../lambda/core/errors';
import { DEFAULT_JUDGE_POLICY } from '../../lambda/core/judge';
import { auditScope, requestedScope } from '../../lambda/core/scope';
import type { IamUser, LiveFacts } from '../../lambda/core/types';
import { iamUser, NOW } from '../../tools/builders/iam';

const PASSWORD: LiveFacts = {
  kind: 'checked',
  loginProfile: { createDate: new Date('2025-02-01T00:00:00Z'), passwordResetRequired: false },
  mfaSerials: [],
  tags: { ok: true, values: {} },
};
const WITH_MFA: LiveFacts = { kind: 'checked', mfaSerials: ['arn:aws:iam::123456789012:mfa/phone'] };
const NO_PASSWORD: LiveFacts = { kind: 'checked', mfaSerials: [] };

const alice = iamUser('alice');
const bob = iamUser('bob');
const carol = iamUser('carol');
const dave = iamUser('dave');

function port(users: IamUser[] | Error, facts: Record<string, LiveFacts>): IamPort {
  return {
    listUsers: () => (users instanceof Error ? Promise.reject(users) : Promise.resolve(users)),
    fetchCredentialReport: () => Promise.reject(new Error('not used')),
    checkUser: (user) => Promise.resolve(facts[user.userName] ?? NO_PASSWORD),
    listVirtualMfaUsers: () => Promise.resolve(new Set<string>()),
    rootMfaEnabled: () => Promise.resolve(false),
    apiCalls: () => ({ calls: {}, retries: {} }),
  };
}

const options = {
  strategy: 'auto',
  liveThreshold: 100,
  concurrency: 2,
  policy: DEFAULT_JUDGE_POLICY,
} as const;

describe('the report scope', () => {
  test('a full audit covers the account', async () => {
    const report = await runAudit(port([alice, bob], { alice: PASSWORD }), { ...options, now: () => NOW });
    expect(report.scope).toEqual({ kind: 'account' });
    expect(report.root).not.toBeNull();
  });

  test('a re-check names its users as IAM spells them, those not found, and those with MFA', async () => {
    const report = await runAudit(
      port([alice, bob, carol, dave], { alice: PASSWORD, bob: WITH_MFA, dave: { kind: 'gone' } }),
      { ...options, now: () => NOW, users: ['ALICE', 'bob', 'carol', 'ghost', 'Ghost', 'dave', 'alice'] },
    );
    expect(report.scope).toEqual({
      kind: 'users',
      userNames: ['alice', 'bob', 'carol', 'ghost', 'dave'],
      notFound: ['ghost', 'dave'],
      withMfa: ['bob'],
    });
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(report.root).toBeNull();
    expect(report.summary.rootViolation).toBe(false);
  });

  test('a re-check that cannot list users names the users asked for, none judged', async () => {
    const report = await runAudit(port(new AwsCallError('ListUsers', 'AccessDenied'), {}), {
      ...options,
      now: () => NOW,
      users: ['alice', 'Alice', 'bob'],
    });
    expect(report.status).toBe('failed');
    expect(report.scope).toEqual({ kind: 'users', userNames: ['alice', 'bob'], notFound: [], withMfa: [] });
  });

  test('auditScope and requestedScope without users are the account', () => {
    expect(auditScope(undefined, [alice])).toEqual({ kind: 'account' });
    expect(requestedScope(undefined)).toEqual({ kind: 'account' });
  });
});
