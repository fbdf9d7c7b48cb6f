import { gunzipSync } from 'node:zlib';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetLoginProfileCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSServiceException } from '@aws-sdk/client-sts';
import type { AccountAuditReport } from '../../lambda/core/organization';
import type * as AuditModule from '../../lambda/handler/org-audit-account';
import { iamUser } from '../../tools/builders/iam';
import { stubIamAccount } from '../fixtures/iam-sdk';
import { captureEmf, emittedSeries } from '../support/emf';
import {
  BUCKET,
  CENTRAL,
  CONTEXT,
  loadModule,
  MEMBER,
  mocks,
  resetMocks,
  restoreAll,
  RUN_ID,
  s3Error,
  storedJson,
  TOPIC_ARN,
} from './org-support';

const load = (env: Record<string, string | undefined> = {}) =>
  loadModule<typeof AuditModule>('../../lambda/handler/org-audit-account', env).handler;
const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const item = (accountId: string) => ({ accountId, accountName: 'prod', runId: RUN_ID });
const iamEvent = (account: string, userName?: string) => ({
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  account,
  detail: { eventName: 'CreateLoginProfile', requestParameters: userName ? { userName } : null },
});

afterAll(restoreAll);
beforeEach(() => {
  resetMocks();
  stubIamAccount(mocks.iam, {
    users: [{ user: iamUser('alice'), password: PASSWORD }, { user: iamUser('bob') }],
    rootMfaEnabled: true,
  });
  mocks.iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['central'] });
  mocks.sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
});

describe('org-audit-account handler: a map item', () => {
  test("audits a member account through its role, stores the report under the run and returns the item's summary", async () => {
    const handler = load();

    const result = await handler(item(MEMBER), CONTEXT);

    const reportKey = `runs/${RUN_ID}/accounts/${MEMBER}.json`;
    expect(result).toEqual({
      accountId: MEMBER,
      status: 'complete',
      violations: 1,
      rootViolation: false,
      reportKey,
    });
    const stored = storedJson<AccountAuditReport>(reportKey);
    expect(stored).toMatchObject({ accountId: MEMBER, accountName: 'prod', status: 'complete' });
    expect(stored.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      `arn:aws:iam::${MEMBER}:role/MfaAuditorReadRole`,
    ]);
    expect(mocks.sns.calls()).toHaveLength(0);
  });

  test("the function's own account is audited with its own credentials (no role to assume), MEMBER_ROLE_NAME elsewhere", async () => {
    const handler = load({ MEMBER_ROLE_NAME: 'AuditRead' });

    await handler(item(CENTRAL), CONTEXT);
    await handler(item(MEMBER), CONTEXT);

    expect(mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      `arn:aws:iam::${MEMBER}:role/AuditRead`,
    ]);
    expect(storedJson<AccountAuditReport>(`runs/${RUN_ID}/accounts/${CENTRAL}.json`).status).toBe('complete');
  });

  test('a role that cannot be assumed is a failed report, stored and returned, never thrown or a pass', async () => {
    mocks.sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        message: 'not authorized',
        $fault: 'client',
        $metadata: {},
      }),
    );
    const handler = load();

    const result = await handler(item(MEMBER), CONTEXT);

    expect(result).toMatchObject({ accountId: MEMBER, status: 'failed', violations: 0 });
    const stored = storedJson<AccountAuditReport>(`runs/${RUN_ID}/accounts/${MEMBER}.json`);
    expect(stored.errors).toEqual([
      expect.objectContaining({
        operation: 'AssumeRole',
        permission: 'sts:AssumeRole',
        message: expect.stringContaining(`arn:aws:iam::${MEMBER}:role/MfaAuditorReadRole`) as unknown,
      }),
    ]);
  });

  test('a report that cannot be stored fails the item (the map records it), naming the object', async () => {
    mocks.s3
      .on(PutObjectCommand)
      .rejects(s3Error('NoSuchBucket', 'The specified bucket does not exist', 404));
    const handler = load();

    await expect(handler(item(MEMBER), CONTEXT)).rejects.toThrow(
      `s3://${BUCKET}/runs/${RUN_ID}/accounts/${MEMBER}.json: NoSuchBucket: The specified bucket does not exist`,
    );
  });

  test('a slow account ends incomplete at the deadline (the time left less a reserve), stored and returned before the timeout', async () => {
    // alice's login profile takes 5 s to answer; the function has 1 s left.
    mocks.iam.on(GetLoginProfileCommand, { UserName: 'alice' }).callsFake(
      () =>
        new Promise((resolve) =>
          // unref: the abandoned answer must not keep jest waiting after the test.
          setTimeout(
            () => resolve({ LoginProfile: { UserName: 'alice', CreateDate: PASSWORD.createDate } }),
            5_000,
          ).unref(),
        ),
    );
    const handler = load();
    const started = Date.now();

    const result = await handler(item(MEMBER), { ...CONTEXT, getRemainingTimeInMillis: () => 1_000 });

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ accountId: MEMBER, status: 'incomplete' });
    const stored = storedJson<AccountAuditReport>(`runs/${RUN_ID}/accounts/${MEMBER}.json`);
    expect(stored.status).toBe('incomplete');
    expect(stored.errors.map((e) => e.userName)).toEqual(['alice']);
  });
});

describe('org-audit-account handler: an IAM event from an account of the organization', () => {
  test("re-checks the named user in the event's account and alerts with that account's own state", async () => {
    mocks.dynamodb.on(GetItemCommand).resolves({});
    mocks.dynamodb.on(PutItemCommand).resolves({});
    const handler = load({ NOTIFY: 'changes', STATE_TABLE: 'state' });

    const report = (await handler(iamEvent(MEMBER, 'alice'), CONTEXT)) as AccountAuditReport;

    expect(report).toMatchObject({ accountId: MEMBER, scope: { kind: 'users', userNames: ['alice'] } });
    expect(report.violations.map((v) => v.userName)).toEqual(['alice']);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(mocks.sns.commandCalls(PublishCommand).map((c) => c.args[0].input.TopicArn)).toEqual([TOPIC_ARN]);
    const key = `alert-state#${MEMBER}`;
    expect(mocks.dynamodb.commandCalls(GetItemCommand).map((c) => c.args[0].input.Key)).toEqual([
      { pk: { S: key } },
    ]);
    const saved = mocks.dynamodb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item);
    expect(saved.map((i) => i?.pk)).toEqual([{ S: key }]);
    expect(gunzipSync(saved[0]?.state?.B as Uint8Array).toString()).toContain('alice');
    // Members' alerts name the account by id: no alias is read with the central credentials.
    expect(mocks.iam.commandCalls(ListAccountAliasesCommand)).toHaveLength(0);
  });

  test("an event from the function's own account is re-checked with its own credentials and reads its alias", async () => {
    const handler = load();

    const report = (await handler(iamEvent(CENTRAL, 'alice'), CONTEXT)) as AccountAuditReport;

    expect(report.accountId).toBe(CENTRAL);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(mocks.iam.commandCalls(ListAccountAliasesCommand)).toHaveLength(1);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('a re-check that cannot assume the role publishes its failure notice, then fails', async () => {
    mocks.sts.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        message: 'not authorized',
        $fault: 'client',
        $metadata: {},
      }),
    );
    const handler = load();

    await expect(handler(iamEvent(MEMBER, 'alice'), CONTEXT)).rejects.toThrow(
      new RegExp(
        `^MFA re-check of account ${MEMBER} failed: AssumeRole: arn:aws:iam::${MEMBER}:role/MfaAuditorReadRole`,
      ),
    );
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('a dry-run deployment re-checks without publishing', async () => {
    const handler = load({ DRY_RUN: 'true' });

    await handler(iamEvent(MEMBER, 'alice'), CONTEXT);

    expect(mocks.sns.calls()).toHaveLength(0);
  });

  test.each([
    [{ accountId: '123', runId: RUN_ID }, /map item \{ accountId: 12 digits/],
    [
      { ...iamEvent(MEMBER, 'alice'), account: 'central' },
      /IAM event account must be 12 digits; got "central"/,
    ],
    [{ dryRun: true }, /event must be a map item/],
  ])('refuses the event %j', async (event, message) => {
    const handler = load();
    await expect(handler(event, CONTEXT)).rejects.toThrow(message);
  });

  test('without REPORT_BUCKET the function fails at cold start, naming it', () => {
    expect(() => load({ REPORT_BUCKET: undefined })).toThrow(/^REPORT_BUCKET is not set/);
  });
});

describe('org-audit-account metrics', () => {
  const DEPLOYMENT = 'MfaAuditor/MfaAuditor';

  test("a map item: the account's counts per account; its duration, calls and throttles per deployment too", async () => {
    const handler = load({ METRICS_DEPLOYMENT: DEPLOYMENT });

    const { records } = await captureEmf(() => handler(item(MEMBER), CONTEXT));

    const series = emittedSeries(records);
    expect(
      Object.fromEntries(
        series.filter((s) => s.dimensions.AccountId === MEMBER).map((s) => [s.name, s.value]),
      ),
    ).toMatchObject({ AuditFailed: 0, ConsoleUsersWithoutMfa: 1, RootWithoutMfa: 0 });
    expect(
      series
        .filter((s) => s.dimensions.Deployment === DEPLOYMENT)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['ApiCalls', 'ApiThrottles', 'AuditDuration']);
  });

  test('a forwarded IAM event (a re-check of named users) emits nothing', async () => {
    const handler = load({ METRICS_DEPLOYMENT: DEPLOYMENT });

    const { records } = await captureEmf(() => handler(iamEvent(MEMBER, 'alice'), CONTEXT));

    expect(records).toEqual([]);
  });
});
