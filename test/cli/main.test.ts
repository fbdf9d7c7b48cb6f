import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListMFADevicesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { USAGE } from '../../lambda/cli/args';
import type { CliIo } from '../../lambda/cli/main';
import { main } from '../../lambda/cli/main';
import type { AuditReport } from '../../lambda/core/types';
import { iamUser } from '../../tools/builders/iam';
import type { AccountUser } from '../fixtures/iam-sdk';
import { accessDenied, stubIamAccount, VIRTUAL_MFA } from '../fixtures/iam-sdk';

const iamMock = mockClient(IAMClient);
const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:mfa-alerts';

const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const alice: AccountUser = {
  user: iamUser('alice', { passwordLastUsed: new Date('2026-11-20T07:00:00Z') }),
  password: PASSWORD,
};
const bob: AccountUser = { user: iamUser('bob'), password: PASSWORD, mfaSerials: [VIRTUAL_MFA] };
const svc: AccountUser = { user: iamUser('svc-deploy') };

function recordingIo(stderrIsTty = false): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: (t) => out.push(t), stderr: (t) => err.push(t), stderrIsTty, out, err };
}

async function run(
  argv: string[],
  io = recordingIo(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  const code = await main(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

afterAll(() => {
  iamMock.restore();
  snsMock.restore();
});
beforeEach(() => {
  iamMock.reset();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  stubIamAccount(iamMock, { users: [bob, svc], rootMfaEnabled: true });
});

describe('CLI main', () => {
  describe('exit codes', () => {
    test('no violations => 0', async () => {
      expect((await run([])).code).toBe(0);
    });

    test('violations => 2', async () => {
      stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });

      expect((await run([])).code).toBe(2);
    });

    test('only the root user without MFA => 2', async () => {
      stubIamAccount(iamMock, { users: [bob, svc], rootMfaEnabled: false });

      expect((await run([])).code).toBe(2);
    });

    test('a user that could not be checked => 1, even with violations found', async () => {
      stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });
      iamMock.on(ListMFADevicesCommand, { UserName: 'bob' }).rejects(accessDenied('ListMFADevices'));

      const { code, stderr } = await run([]);

      expect(code).toBe(1);
      expect(stderr).toContain('1 check(s) failed (user or root)');
    });
  });

  test('--json prints exactly the AuditReport JSON on stdout, in one piece', async () => {
    stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });
    const io = recordingIo();

    const { stdout, stderr } = await run(['--json'], io);

    expect(io.out).toHaveLength(1);
    const report = JSON.parse(stdout) as AuditReport;
    expect(stdout).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(report).toMatchObject({
      accountId: '123456789012',
      status: 'complete',
      summary: { usersScanned: 3, violations: 1, exempted: 0, errors: 0 },
      violations: [{ userName: 'alice', severity: 'critical', passwordLastUsed: '2026-11-20T07:00:00.000Z' }],
    });
    expect(stderr).toBe('');
  });

  test('human output lists the violating user and ends with a summary line', async () => {
    stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });

    const { stdout } = await run([]);

    expect(stdout).toMatch(/^USER\s+PATH\s+PASSWORD LAST USED\s+CREATED\s+SEVERITY$/m);
    expect(stdout).toMatch(/^alice\s+\/\s+2026-11-20\s+2025-01-15\s+critical$/m);
    expect(stdout).toMatch(/123456789012: 1 console user\(s\) without MFA among 3 users .*\.\n$/);
  });

  test('an unknown flag => exit 1, the error and the usage on stderr, no AWS call', async () => {
    const { code, stdout, stderr } = await run(['--verbose']);

    expect(code).toBe(1);
    expect(stderr).toContain('--verbose');
    expect(stderr).toContain(USAGE);
    expect(stdout).toBe('');
    expect(iamMock.calls()).toHaveLength(0);
  });

  test('a bad --strategy => exit 1 naming the flag and the value', async () => {
    const { code, stderr } = await run(['--strategy', 'fast']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: --strategy .*"fast"/);
  });

  test('--help => 0, the usage on stdout, no AWS call', async () => {
    const { code, stdout, stderr } = await run(['--help']);

    expect(code).toBe(0);
    expect(stdout).toBe(`${USAGE}\n`);
    expect(stderr).toBe('');
    expect(iamMock.calls()).toHaveLength(0);
  });

  test('ListUsers denied => exit 1, stderr names ListUsers and iam:ListUsers', async () => {
    iamMock.on(ListUsersCommand).rejects(accessDenied('ListUsers'));

    const { code, stdout, stderr } = await run(['--json']);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: ListUsers failed: AccessDenied: .*\(needs iam:ListUsers\)$/m);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'failed',
      errors: [{ userName: null, operation: 'ListUsers' }],
    });
  });

  test('--user checks only the named users', async () => {
    stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });

    const { code } = await run(['--user', 'bob', '--json']);

    expect(code).toBe(0);
    expect(iamMock.commandCalls(GetLoginProfileCommand).map((c) => c.args[0].input.UserName)).toEqual([
      'bob',
    ]);
  });

  // Issue 11: asking for a user who does not exist exited 0, as if that user had been checked.
  test('--user naming a user that does not exist => exit 1, "no such user" on stderr', async () => {
    stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });

    const { code, stdout, stderr } = await run(['--user', 'bob', '--user', 'v-000O', '--json']);

    expect(code).toBe(1);
    expect(stderr).toContain('error: no such user: v-000O\n');
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'complete',
      scope: { kind: 'users', notFound: ['v-000O'] },
    });
  });

  test('--user with a name IAM cannot hold => exit 1 naming it, no AWS call', async () => {
    const { code, stderr } = await run(['--user', 'bad name!*']);

    expect(code).toBe(1);
    expect(stderr).toContain('"bad name!*"');
    expect(iamMock.calls()).toHaveLength(0);
  });

  test('--strategy report reads the credential report', async () => {
    stubIamAccount(iamMock, {
      users: [alice, bob, svc],
      rootMfaEnabled: true,
      reportGeneratedAt: new Date(Date.now() - 3_600_000),
    });

    const { code, stdout } = await run(['--strategy', 'report', '--json']);

    expect(code).toBe(2);
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ strategy: 'report', summary: { candidates: 1 } });
  });

  describe('publishing', () => {
    test('--topic-arn publishes the result to that topic and says so', async () => {
      const { code, stderr } = await run(['--topic-arn', TOPIC]);

      expect(code).toBe(0);
      expect(snsMock.commandCalls(PublishCommand).map((c) => c.args[0].input.TopicArn)).toEqual([TOPIC]);
      expect(stderr).toMatch(/^published .*arn:aws:sns:eu-west-1:123456789012:mfa-alerts/m);
    });

    test('publishing does not change the exit code', async () => {
      stubIamAccount(iamMock, { users: [alice, bob, svc], rootMfaEnabled: true });

      expect((await run(['--topic-arn', TOPIC])).code).toBe(2);
    });

    test('--dry-run never publishes, even with --topic-arn', async () => {
      const { code, stderr } = await run(['--topic-arn', TOPIC, '--dry-run']);

      expect(code).toBe(0);
      expect(snsMock.calls()).toHaveLength(0);
      expect(stderr).toContain(`dry run: not publishing to ${TOPIC}`);
    });

    test('without --topic-arn nothing is published', async () => {
      await run([]);

      expect(snsMock.calls()).toHaveLength(0);
    });

    test('a failed publish => exit 1 naming Publish', async () => {
      snsMock.on(PublishCommand).rejects(new Error('network down'));

      const { code, stderr } = await run(['--topic-arn', TOPIC]);

      expect(code).toBe(1);
      expect(stderr).toContain('error: Publish failed: Error: network down');
    });
  });

  describe('progress', () => {
    test('is shown on a terminal', async () => {
      const { stderr } = await run([], recordingIo(true));

      expect(stderr).toContain('\rChecking users live: 2/2\n');
    });

    test('is not shown with --json', async () => {
      const { stderr } = await run(['--json'], recordingIo(true));

      expect(stderr).toBe('');
    });

    test('is not shown when stderr is not a terminal', async () => {
      const { stderr } = await run([], recordingIo(false));

      expect(stderr).toBe('');
    });
  });
});
