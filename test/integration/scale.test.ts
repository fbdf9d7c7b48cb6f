import { auditAccount } from '../../lambda/wiring/audit-account';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import type { SeedUser } from '../../tools/moto/iam-seed';
import { seedUsers } from '../../tools/moto/iam-seed';
import { useMoto } from './support/use-moto';

const moto = useMoto();
const USERS = 1200;

/** Every 10th user violates; the rest have MFA of some kind or no password at all. */
function population(): SeedUser[] {
  return Array.from({ length: USERS }, (_, i): SeedUser => {
    const name = `user-${String(i).padStart(4, '0')}`;
    const path = `/team-${i % 7}/`;
    switch (i % 10) {
      case 0:
        return { name, path, password: 'active' };
      case 1:
      case 2:
        return { name, path, password: 'active', mfa: 'virtual' };
      case 3:
        return { name, path, password: 'active', mfa: 'hardware' };
      case 4:
        return { name, path, password: 'deleted' };
      default:
        return { name, path };
    }
  });
}

describe(`an account with ${USERS} users`, () => {
  const users = population();
  const violators = users.filter((_, i) => i % 10 === 0).map((u) => u.name);

  // One test, seeded once: seeding 1,200 users costs most of the time, auditing it does not.
  it('auto uses the credential report, confirms only its candidates live and finds exactly the violators; live agrees', async () => {
    await seedUsers(moto.clients.iam, users, 16);

    const report = await auditAccount({ ...DEFAULT_SETTINGS, strategy: 'auto' });

    expect(report.status).toBe('complete');
    expect(report.strategy).toBe('report');
    expect(report.summary.usersScanned).toBe(USERS);
    expect(report.apiCalls.ListUsers).toBe(1); // moto ignores MaxItems: one page
    expect(report.violations.map((v) => v.userName).sort()).toEqual(violators);
    // Far from the 2N calls of checking everyone: the report clears most users without a call.
    const calls = Object.values(report.apiCalls).reduce((a, b) => a + b, 0);
    expect(report.summary.candidates).toBeLessThan(USERS / 2);
    expect(calls).toBeLessThan(USERS);

    const live = await auditAccount({ ...DEFAULT_SETTINGS, strategy: 'live', concurrency: 16 });

    expect(live.status).toBe('complete');
    expect(live.summary.candidates).toBe(USERS);
    expect(live.violations.map((v) => v.userName).sort()).toEqual(violators);
  });
});
