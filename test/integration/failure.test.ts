import { auditAccount } from '../../lambda/wiring/audit-account';
import { main } from '../../lambda/cli/main';
import { DEFAULT_SETTINGS } from '../../lambda/settings/table';
import type { AuditReport } from '../../lambda/core/types';
import { freePort } from '../../tools/moto/free-port';
import { awsEnvFor, clientsFor, destroyClients } from '../../tools/moto/clients';
import type { Clients, Credentials } from '../../tools/moto/clients';
import { recordingIo } from './support/cli-io';
import { parseDeliveredReports } from './support/delivered-report';
import { applyEnv } from './support/env';
import { LAMBDA_CONTEXT, loadHandler } from './support/handler-loader';
import { seedUsers } from '../../tools/moto/iam-seed';
import { createPrincipal } from './support/moto-iam-auth';
import { setMotoAuthorization } from './support/moto-api';
import type { TopicCapture } from '../../tools/moto/sns-capture';
import { createTopicWithCapture, receiveDelivered } from '../../tools/moto/sns-capture';
import { useMoto } from './support/use-moto';

const moto = useMoto();

describe('an audit that cannot list users fails loudly, never as an empty success', () => {
  it('CLI with nothing listening at the endpoint: exit 1, stderr names ListUsers, the JSON says failed', async () => {
    const deadPort = await freePort(); // free: nothing listens there
    const restore = applyEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${deadPort}` });
    const io = recordingIo();
    try {
      // The SDK retries connection errors (10 attempts, jittered backoff): this takes 8 to 20 s.
      const code = await main(['--json', '--dry-run'], io);

      expect(code).toBe(1);
      expect(io.err()).toMatch(/^error: ListUsers failed: .*ECONNREFUSED/m);
      const report = JSON.parse(io.out()) as AuditReport;
      expect(report.status).toBe('failed');
      expect(report.errors[0]).toMatchObject({ userName: null, operation: 'ListUsers' });
      expect(report.violations).toEqual([]);
    } finally {
      restore();
    }
  });

  describe('when the audit role may not call iam:ListUsers (moto IAM authorization on)', () => {
    let admin: Clients;
    let auditor: Credentials;
    let capture: TopicCapture;
    let restoreEnv: (() => void) | undefined;

    beforeEach(async () => {
      await seedUsers(moto.clients.iam, [{ name: 'bob.no-mfa', password: 'active' }]);
      admin = clientsFor(moto.endpoint, await createPrincipal(moto.clients.iam, 'test-admin', ['*']));
      // The auditor may publish its failure notice, and nothing else.
      auditor = await createPrincipal(moto.clients.iam, 'auditor', ['sns:Publish']);
      capture = await createTopicWithCapture(moto.clients, 'mfa-audit-findings');
      await setMotoAuthorization(moto.endpoint, true);
      restoreEnv = applyEnv({
        ...awsEnvFor(moto.endpoint, auditor),
        TOPIC_ARN: capture.topicArn,
        NOTIFY: 'always',
        STATE_TABLE: undefined,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      });
    });
    afterEach(async () => {
      // First: the next test's reset and seeding need moto open again.
      await setMotoAuthorization(moto.endpoint, false);
      restoreEnv?.();
      destroyClients(admin);
    });

    it('the report says failed, naming ListUsers and the permission to grant', async () => {
      const report = await auditAccount(DEFAULT_SETTINGS);

      expect(report.status).toBe('failed');
      expect(report.summary).toMatchObject({ violations: 0, errors: 1 });
      expect(report.errors).toHaveLength(1);
      expect(report.errors[0]).toMatchObject({ userName: null, operation: 'ListUsers' });
      expect(report.errors[0]?.message).toMatch(/AccessDenied.*\(needs iam:ListUsers\)/);
    });

    it('the CLI exits 1 and says on stderr that ListUsers failed', async () => {
      const io = recordingIo();

      const code = await main([], io);

      expect(code).toBe(1);
      expect(io.err()).toMatch(/^error: ListUsers failed: AccessDenied/m);
      expect(io.out()).toMatch(/^FAILED: /m);
    });

    it('the scheduled handler publishes the failure to the topic, then throws', async () => {
      const handler = loadHandler();

      await expect(handler({}, LAMBDA_CONTEXT)).rejects.toThrow(/^MFA audit failed: ListUsers: AccessDenied/);

      // Read with credentials moto authorizes: the dummy ones no longer are.
      const [notice, ...more] = await receiveDelivered(admin.sqs, capture.queueUrl, { atLeast: 1 });
      expect(more).toEqual([]);
      expect(notice?.subject).toBe('MFA audit FAILED for account 123456789012: no result');
      const [failure] = parseDeliveredReports(notice ? [notice] : []);
      expect(failure).toMatchObject({ status: 'failed', violations: [] });
      expect(failure?.errors[0]).toMatchObject({ userName: null, operation: 'ListUsers' });
    });
  });
});
