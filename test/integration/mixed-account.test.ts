import { auditAccount } from '../../lambda/wiring/audit-account';
import type { AuditSettings } from '../../lambda/settings/table';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import { seedUsers } from '../../tools/moto/iam-seed';
import { mixedAccount, namesExpected } from './support/mixed-account';
import { useMoto } from './support/use-moto';

const moto = useMoto();
const users = mixedAccount();
const violators = namesExpected(users, 'violation');

describe('a mixed account, audited through the real SDK against moto', () => {
  beforeEach(async () => {
    await seedUsers(moto.clients.iam, users);
  });

  it.each<[string, Partial<AuditSettings>, 'live' | 'report']>([
    ['live', { strategy: 'live' }, 'live'],
    ['report', { strategy: 'report' }, 'report'],
    ['auto on a small account (resolves to live)', { strategy: 'auto' }, 'live'],
    ['auto above the live threshold (resolves to report)', { strategy: 'auto', liveThreshold: 5 }, 'report'],
  ])('strategy %s reports exactly the users with a password and no MFA', async (_, settings, ran) => {
    const report = await auditAccount({ ...DEFAULT_SETTINGS, ...settings });

    expect(report.strategy).toBe(ran);
    expect(report.status).toBe('complete');
    expect(report.errors).toEqual([]);
    expect(report.summary.usersScanned).toBe(users.length);
    expect(report.violations.map((v) => v.userName).sort()).toEqual(violators);
    expect(report.summary.violations).toBe(violators.length);
    expect(report.exempted.map((e) => e.userName)).toEqual(namesExpected(users, 'exempted'));
    expect(report.violations.find((v) => v.userName === 'ivan.ops')).toMatchObject({
      path: '/eng/ops/',
      arn: 'arn:aws:iam::123456789012:user/eng/ops/ivan.ops',
    });
  });

  it('the report strategy confirms only the users the report cannot clear, and says rows were unreadable', async () => {
    const report = await auditAccount({ ...DEFAULT_SETTINGS, strategy: 'report' });

    // Users without a password (or with MFA) are cleared by the report; the comma rows cannot be read.
    expect(report.summary.candidates).toBeLessThan(users.length);
    expect(report.notes.join('\n')).toMatch(/could not be parsed/);
    expect(report.violations.map((v) => v.userName)).toContain('a+b=c,d.e@f_g-h');
  });
});
