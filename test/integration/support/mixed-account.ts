import type { SeedUser } from '../../../tools/moto/iam-seed';
import { DAY_MS } from '../../../tools/builders/iam';

export type Expected = 'violation' | 'compliant' | 'exempted';

export interface ScenarioUser extends SeedUser {
  readonly expect: Expected;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * One user per way IAM can leave someone with or without console MFA, plus the names and paths
 * that break naive parsers. A comma in a user name breaks moto's unquoted credential report CSV,
 * exactly as it would a careless parser of the real one: those users must still be judged right.
 */
export function mixedAccount(now = Date.now()): readonly ScenarioUser[] {
  return [
    { name: 'svc-build', expect: 'compliant' },
    { name: 'bob.no-mfa', password: 'active', expect: 'violation' },
    { name: 'carol.virtual', password: 'active', mfa: 'virtual', expect: 'compliant' },
    { name: 'dave.hardware', password: 'active', mfa: 'hardware', expect: 'compliant' },
    { name: 'erin.u2f', password: 'active', mfa: 'u2f', expect: 'compliant' },
    { name: 'frank.deactivated', password: 'active', mfa: 'deactivated', expect: 'violation' },
    { name: 'grace.never-enabled', password: 'active', mfa: 'virtual-never-enabled', expect: 'violation' },
    { name: 'heidi.password-deleted', password: 'deleted', expect: 'compliant' },
    { name: 'ivan.ops', path: '/eng/ops/', password: 'active', expect: 'violation' },
    { name: 'judy.ops', path: '/eng/ops/', password: 'active', mfa: 'virtual', expect: 'compliant' },
    { name: 'a+b=c,d.e@f_g-h', password: 'active', expect: 'violation' },
    { name: 'x+y=z,w.v@u_t-s', path: '/eng/', password: 'active', mfa: 'virtual', expect: 'compliant' },
    { name: 'svc,no-password', expect: 'compliant' },
    { name: 'mfa-only.no-password', mfa: 'virtual', expect: 'compliant' },
    {
      name: 'mallory.exempt',
      password: 'active',
      tags: {
        'mfa-audit:exempt-until': isoDay(now + 30 * DAY_MS),
        'mfa-audit:exempt-reason': 'key on order',
      },
      expect: 'exempted',
    },
    {
      name: 'oscar.exemption-expired',
      password: 'active',
      tags: { 'mfa-audit:exempt-until': '2020-01-31', 'mfa-audit:exempt-reason': 'long gone' },
      expect: 'violation',
    },
  ];
}

export function namesExpected(users: readonly ScenarioUser[], expect: Expected): string[] {
  return users
    .filter((u) => u.expect === expect)
    .map((u) => u.name)
    .sort();
}
