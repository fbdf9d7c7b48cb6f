import { main } from '../../lambda/cli/main';
import type { AuditReport } from '../../lambda/core/types';
import { awsEnvFor } from '../../tools/moto/clients';
import { recordingIo } from './support/cli-io';
import { seedUsers } from '../../tools/moto/iam-seed';
import { mixedAccount, namesExpected } from './support/mixed-account';
import { runNpm } from './support/run-npm';
import { useMoto } from './support/use-moto';

const moto = useMoto();
const users = mixedAccount();
const violators = namesExpected(users, 'violation');
const violatorNames = (report: AuditReport): string[] => report.violations.map((v) => v.userName).sort();

describe('the CLI against moto', () => {
  beforeEach(async () => {
    await seedUsers(moto.clients.iam, users);
  });

  it('--json prints the AuditReport alone and exits 2 when users violate', async () => {
    const io = recordingIo();

    const code = await main(['--json', '--dry-run'], io);

    expect(code).toBe(2);
    const report = JSON.parse(io.out()) as AuditReport;
    expect(report.status).toBe('complete');
    expect(violatorNames(report)).toEqual(violators);
    expect(io.err()).toBe('');
  });

  it('exits 0 when the users it checks all have MFA or no password', async () => {
    // moto's root user never has MFA (GetAccountSummary AccountMFAEnabled is always 0), so a full
    // audit there always exits 2; a re-check of named users leaves root out.
    const io = recordingIo();

    const code = await main(
      ['--json', '--user', 'carol.virtual', '--user', 'x+y=z,w.v@u_t-s', '--user', 'svc-build'],
      io,
    );

    expect(code).toBe(0);
    const report = JSON.parse(io.out()) as AuditReport;
    expect(report.summary).toMatchObject({ usersScanned: 3, violations: 0, errors: 0, rootViolation: false });
  });

  it('exits 2 for a named user with a password and no MFA, even with a comma in the name', async () => {
    const io = recordingIo();

    const code = await main(['--json', '--user', 'a+b=c,d.e@f_g-h'], io);

    expect(code).toBe(2);
    expect(violatorNames(JSON.parse(io.out()) as AuditReport)).toEqual(['a+b=c,d.e@f_g-h']);
  });

  it('exits 1 with "no such user" when a named user does not exist', async () => {
    const io = recordingIo();

    const code = await main(['--json', '--user', 'svc-build', '--user', 'v-000O'], io);

    expect(code).toBe(1);
    expect(io.err()).toContain('error: no such user: v-000O');
    expect(JSON.parse(io.out())).toMatchObject({ scope: { kind: 'users', notFound: ['v-000O'] } });
  });

  it('a second audit on the same account, with the report IAM now reuses (moto dates it 2015), still finds every violator', async () => {
    // moto answers STARTED to the first GenerateCredentialReport and COMPLETE after that, always
    // with GeneratedTime 2015-02-02: a reused report far past IAM's 4-hour window, trusted to clear no one.
    const first = recordingIo();
    await main(['--json', '--dry-run', '--strategy', 'report'], first);
    expect((JSON.parse(first.out()) as AuditReport).reportGeneratedForThisAudit).toBe(true);

    const io = recordingIo();
    const code = await main(['--json', '--dry-run', '--live-threshold', '0'], io);

    const report = JSON.parse(io.out()) as AuditReport;
    expect(code).toBe(2);
    expect(report.strategy).toBe('live');
    expect(report.notes.join(' ')).toContain("older than IAM's 4-hour regeneration window");
    expect(violatorNames(report)).toEqual(violators);
  });

  it('prints a table of the violating users without --json', async () => {
    const io = recordingIo();

    const code = await main([], io);

    expect(code).toBe(2);
    for (const name of violators) expect(io.out()).toContain(name);
    expect(io.out()).toMatch(/^USER\s+PATH\s+PASSWORD LAST USED/m);
  });

  it('`npm run --silent audit -- --json --dry-run` prints JSON alone on stdout and exits 2', async () => {
    const result = await runNpm(
      ['run', '--silent', 'audit', '--', '--json', '--dry-run'],
      awsEnvFor(moto.endpoint),
    );

    expect(result).toMatchObject({ exitCode: 2 });
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(violatorNames(report)).toEqual(violators);
  });
});
