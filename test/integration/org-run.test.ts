import type { IAMClient } from '@aws-sdk/client-iam';
import type { OrganizationMachineReport } from '../../lambda/alerts/organization/org-machine';
import type { AccountAuditReport, OrganizationReport } from '../../lambda/core/organization';
import type { AccountItem, AccountItemResult, RunListing } from '../../lambda/core/organization-run';
import { MOTO_ACCOUNT_ID, REGION } from '../../tools/moto/clients';
import type { SeedUser } from '../../tools/moto/iam-seed';
import { seedUsers } from '../../tools/moto/iam-seed';
import {
  closeAccount,
  createOrganization,
  credentialsInAccount,
  iamClientInAccount,
} from '../../tools/moto/organization';
import { allFindings } from '../../tools/moto/security-hub';
import type { TopicCapture } from '../../tools/moto/sns-capture';
import { createTopicWithCapture } from '../../tools/moto/sns-capture';
import { applyEnv } from './support/env';
import type { OrgClients } from './support/organization';
import {
  createBucket,
  createOu,
  createStateTable,
  destroyOrgClients,
  loadOrgHandlers,
  moveAccount,
  orgClientsFor,
  readJson,
  rootIdOf,
  stateItemExists,
  writeJson,
} from './support/organization';
import { useMoto } from './support/use-moto';

const moto = useMoto();
const BUCKET = 'mfa-auditor-org-runs';
const TABLE = 'mfa-auditor-state';
const RUN_ID = 'run-2026-12-03';
/** What Lambda gives each function: its own ARN (the central account) and 15 minutes. */
const contextFor = (name: string, remainingMs = 900_000) => ({
  functionName: name,
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT_ID}:function:${name}`,
  getRemainingTimeInMillis: () => remainingMs,
});

// The same user name in two accounts is two findings; every account has users with MFA too.
const MANAGEMENT_USERS: SeedUser[] = [
  { name: 'ops.admin', password: 'active' },
  { name: 'ops.mfa', password: 'active', mfa: 'virtual' },
];
const DEV_USERS: SeedUser[] = [
  { name: 'alice', password: 'active' },
  { name: 'bob', password: 'active', mfa: 'virtual' },
  { name: 'ci-admin', password: 'active' },
];
const PROD_USERS: SeedUser[] = [
  { name: 'ci-admin', password: 'active' },
  { name: 'carol', password: 'active', mfa: 'deactivated' },
  { name: 'svc-deploy' },
  { name: 'dave', password: 'active', mfa: 'hardware' },
];
const LEGACY_USERS: SeedUser[] = [{ name: 'eve', password: 'active' }];

interface Organization {
  readonly organizationId: string;
  readonly workloadsOu: string;
  readonly dev: string;
  readonly prod: string;
  readonly legacy: string;
  readonly closed: string;
  readonly sandbox: string;
}

describe('the organization run (list accounts -> audit each account -> aggregate) against moto', () => {
  let clients: OrgClients;
  let org: Organization;
  let capture: TopicCapture;
  let restoreEnv: () => void;
  const opened: IAMClient[] = [];

  beforeAll(() => {
    clients = orgClientsFor(moto.endpoint);
  });
  afterAll(() => destroyOrgClients(clients));

  beforeEach(async () => {
    const { organizations } = clients;
    const created = await createOrganization(moto.endpoint, ['dev', 'prod', 'legacy', 'closed', 'sandbox']);
    const id = (name: string): string => {
      const accountId = created.accounts[name];
      if (!accountId) throw new Error(`moto created no account ${name}`);
      return accountId;
    };
    const [dev, prod, legacy, closed, sandbox] = ['dev', 'prod', 'legacy', 'closed', 'sandbox'].map(id) as [
      string,
      string,
      string,
      string,
      string,
    ];
    // Workloads (the target) holds dev, legacy, a closed account, the management account and a
    // nested OU with prod; sandbox stays at the root, outside the target.
    const rootId = await rootIdOf(organizations);
    const workloadsOu = await createOu(organizations, rootId, 'Workloads');
    const prodOu = await createOu(organizations, workloadsOu, 'Prod');
    for (const id of [dev, legacy, closed, MOTO_ACCOUNT_ID])
      await moveAccount(organizations, id, rootId, workloadsOu);
    await moveAccount(organizations, prod, rootId, prodOu);
    await closeAccount(moto.endpoint, closed);
    org = { organizationId: created.organizationId, workloadsOu, dev, prod, legacy, closed, sandbox };

    for (const [accountId, users] of [
      [MOTO_ACCOUNT_ID, MANAGEMENT_USERS],
      [dev, DEV_USERS],
      [prod, PROD_USERS],
      [legacy, LEGACY_USERS],
      [sandbox, [{ name: 'outside', password: 'active' }]],
    ] as const) {
      if (accountId === MOTO_ACCOUNT_ID) {
        await seedUsers(moto.clients.iam, users);
        continue;
      }
      const iam = await iamClientInAccount(moto.endpoint, accountId);
      opened.push(iam);
      await seedUsers(iam, users);
    }
    await createBucket(clients.s3, BUCKET);
    await createStateTable(clients.dynamodb, TABLE);
    capture = await createTopicWithCapture(moto.clients, 'mfa-audit-org');
    restoreEnv = applyEnv({
      REPORT_BUCKET: BUCKET,
      ORGANIZATIONAL_UNIT_IDS: workloadsOu,
      MEMBER_ROLE_NAME: undefined,
      TOPIC_ARN: capture.topicArn,
      NOTIFY: 'always',
      STATE_TABLE: TABLE,
      DRY_RUN: undefined,
      STRATEGY: undefined,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });
  afterEach(() => {
    restoreEnv();
    for (const iam of opened.splice(0)) iam.destroy();
  });

  const violators = (report: AccountAuditReport | undefined): string[] =>
    (report?.violations ?? []).map((v) => v.userName).sort();

  it("audits every ACTIVE account under the OUs exactly, reports the account whose item failed as not audited, and stores the organization's report", async () => {
    const handlers = loadOrgHandlers();

    const listed = await handlers.listAccounts({ runId: RUN_ID }, contextFor('org-list'));

    const audited = [MOTO_ACCOUNT_ID, org.dev, org.prod, org.legacy].sort();
    expect(listed).toEqual({
      runId: RUN_ID,
      bucket: BUCKET,
      itemsKey: `runs/${RUN_ID}/items.json`,
      listingKey: `runs/${RUN_ID}/listing.json`,
      accounts: 4,
    });
    const items = await readJson<AccountItem[]>(clients.s3, BUCKET, listed.itemsKey);
    expect(items.map((i) => i.accountId)).toEqual(audited);
    expect(items.find((i) => i.accountId === org.dev)).toEqual({
      accountId: org.dev,
      accountName: 'dev',
      runId: RUN_ID,
    });
    const listing = await readJson<RunListing>(clients.s3, BUCKET, listed.listingKey);
    expect(listing).toMatchObject({ organizationId: org.organizationId, errors: [] });
    expect(listing.notes).toEqual([
      `Account closed (${org.closed}) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.`,
    ]);

    // The map runs one item per account; legacy's item fails for real: its function cannot store
    // the report (its bucket does not exist), so it throws as Lambda would report it to the map.
    const results: AccountItemResult[] = [];
    for (const item of items.filter((i) => i.accountId !== org.legacy)) {
      results.push((await handlers.auditAccount(item, contextFor('org-audit'))) as AccountItemResult);
    }
    const restore = applyEnv({ REPORT_BUCKET: 'no-such-bucket' });
    const broken = loadOrgHandlers();
    restore();
    const legacyItem = items.find((i) => i.accountId === org.legacy) as AccountItem;
    const thrown = await broken.auditAccount(legacyItem, contextFor('org-audit')).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    expect(thrown?.message).toMatch(
      /s3:\/\/no-such-bucket\/runs\/run-2026-12-03\/accounts\/\d{12}\.json: NoSuchBucket/,
    );

    expect(results).toEqual(
      [
        { accountId: MOTO_ACCOUNT_ID, violations: 1 },
        { accountId: org.dev, violations: 2 },
        { accountId: org.prod, violations: 2 },
      ]
        .sort((a, b) => a.accountId.localeCompare(b.accountId))
        .map(({ accountId, violations }) => ({
          accountId,
          status: 'complete',
          violations,
          // moto's root user never has MFA (GetAccountSummary AccountMFAEnabled is always 0).
          rootViolation: true,
          reportKey: `runs/${RUN_ID}/accounts/${accountId}.json`,
        })),
    );

    // What Step Functions' ResultWriter writes for this map run (moto cannot run Lambda tasks).
    const resultsPrefix = 'runs/results/8c9dd6c6-f907-3584-9153-f8a2f1bfe7ce';
    const child = (item: AccountItem, status: string) => ({
      ExecutionArn: `arn:aws:states:${REGION}:${MOTO_ACCOUNT_ID}:execution:org-run/AuditAccounts:${item.accountId}`,
      Input: JSON.stringify(item),
      InputDetails: { Included: true },
      Name: item.accountId,
      Status: status,
    });
    await writeJson(
      clients.s3,
      BUCKET,
      `${resultsPrefix}/SUCCEEDED_0.json`,
      items
        .filter((i) => i.accountId !== org.legacy)
        .map((i, n) => ({
          ...child(i, 'SUCCEEDED'),
          Output: JSON.stringify(results[n]),
          OutputDetails: { Included: true },
        })),
    );
    await writeJson(clients.s3, BUCKET, `${resultsPrefix}/FAILED_0.json`, [
      {
        ...child(legacyItem, 'FAILED'),
        Error: thrown?.name,
        Cause: JSON.stringify({ errorType: thrown?.name, errorMessage: thrown?.message, trace: [] }),
      },
    ]);
    await writeJson(clients.s3, BUCKET, `${resultsPrefix}/manifest.json`, {
      DestinationBucket: BUCKET,
      MapRunArn: `arn:aws:states:${REGION}:${MOTO_ACCOUNT_ID}:mapRun:org-run/AuditAccounts:8c9dd6c6`,
      ResultFiles: {
        FAILED: [{ Key: `${resultsPrefix}/FAILED_0.json`, Size: 1 }],
        PENDING: [],
        SUCCEEDED: [{ Key: `${resultsPrefix}/SUCCEEDED_0.json`, Size: 1 }],
      },
    });

    const aggregated = await handlers.aggregate(
      { runId: RUN_ID, resultWriterDetails: { Bucket: BUCKET, Key: `${resultsPrefix}/manifest.json` } },
      contextFor('org-aggregate'),
    );

    const summary = {
      accounts: 4,
      accountsComplete: 3,
      accountsIncomplete: 0,
      accountsFailed: 1,
      violations: 5,
      rootViolations: 3,
      exempted: 0,
      pending: 0,
    };
    expect(aggregated).toEqual({
      runId: RUN_ID,
      reportKey: `runs/${RUN_ID}/organization-report.json`,
      status: 'incomplete',
      summary,
    });
    const report = await readJson<OrganizationReport>(clients.s3, BUCKET, aggregated.reportKey);
    expect(report).toMatchObject({
      kind: 'organization',
      organizationId: org.organizationId,
      status: 'incomplete',
      summary,
      errors: [],
      notes: listing.notes,
    });
    const byId = new Map(report.accounts.map((a) => [a.accountId, a]));
    expect(report.accounts.map((a) => a.accountId)).toEqual(audited);
    expect(violators(byId.get(MOTO_ACCOUNT_ID))).toEqual(['ops.admin']);
    expect(violators(byId.get(org.dev))).toEqual(['alice', 'ci-admin']);
    expect(violators(byId.get(org.prod))).toEqual(['carol', 'ci-admin']);
    expect(byId.get(org.prod)?.accountName).toBe('prod');
    expect(byId.get(org.legacy)).toMatchObject({
      accountId: org.legacy,
      accountName: 'legacy',
      status: 'failed',
      violations: [],
      errors: [
        {
          userName: null,
          operation: 'AuditAccounts',
          code: 'AwsCallError',
          message: expect.stringContaining('no-such-bucket') as unknown,
        },
      ],
    });
    // The one alert stream: a machine subscriber gets every violator once, under its account, and
    // the account not audited.
    const alert = (await capture.receiveAll({ atLeast: 1 })).map(
      (m) => JSON.parse(m.message) as OrganizationMachineReport,
    );
    expect(alert.map((part) => part.part.index)).toEqual(alert.map((_, i) => i + 1));
    const alerted = alert.flatMap((part) => part.accounts);
    expect(
      alerted.flatMap((a) => a.violations.map((v) => `${a.accountName ?? a.accountId}/${v.userName}`)).sort(),
    ).toEqual(['dev/alice', 'dev/ci-admin', 'prod/carol', 'prod/ci-admin', 'master/ops.admin'].sort());
    expect(alerted.find((a) => a.accountId === org.legacy)).toMatchObject({ status: 'failed' });
  });

  it('a listing that fails is a failed organization report: stored, alerted, and the aggregation throws', async () => {
    restoreEnvAlso({ ORGANIZATIONAL_UNIT_IDS: 'ou-abcd-12345678' });
    const handlers = loadOrgHandlers();

    const listed = await handlers.listAccounts({ runId: RUN_ID }, contextFor('org-list'));

    expect(listed.accounts).toBe(0);
    expect(await readJson<AccountItem[]>(clients.s3, BUCKET, listed.itemsKey)).toEqual([]);
    const listing = await readJson<RunListing>(clients.s3, BUCKET, listed.listingKey);
    expect(listing.errors).toEqual([
      expect.objectContaining({
        userName: null,
        operation: 'ListAccountsForParent',
        code: 'ParentNotFoundException',
      }),
    ]);

    await expect(handlers.aggregate({ runId: RUN_ID }, contextFor('org-aggregate'))).rejects.toThrow(
      /^MFA organization audit failed: ListAccountsForParent: ParentNotFoundException/,
    );
    const report = await readJson<OrganizationReport>(
      clients.s3,
      BUCKET,
      `runs/${RUN_ID}/organization-report.json`,
    );
    expect(report).toMatchObject({ status: 'failed', accounts: [], summary: { accounts: 0 } });
    expect(await capture.receiveAll({ atLeast: 1 })).not.toEqual([]);
  });

  it("with SECURITY_HUB each account's findings go to that account's own Security Hub, with its AwsAccountId", async () => {
    const restore = applyEnv({ SECURITY_HUB: 'true' });
    let handlers;
    try {
      handlers = loadOrgHandlers();
    } finally {
      restore();
    }
    for (const accountId of [MOTO_ACCOUNT_ID, org.dev]) {
      await handlers.auditAccount({ accountId, runId: RUN_ID }, contextFor('org-audit'));
    }
    const stored = await readJson<AccountAuditReport>(
      clients.s3,
      BUCKET,
      `runs/${RUN_ID}/accounts/${org.dev}.json`,
    );
    expect(stored.securityHub).toMatchObject({
      status: 'exported',
      accountId: org.dev,
      opened: 3,
      errors: [],
    });

    // Imported with dev's member role: in dev's hub, about dev, under dev's default product.
    const inDev = await allFindings(moto.endpoint, await credentialsInAccount(moto.endpoint, org.dev));
    expect(inDev.map((f) => f.Resources?.[0]?.Id).sort()).toEqual(
      [
        `arn:aws:iam::${org.dev}:user/alice`,
        `arn:aws:iam::${org.dev}:user/ci-admin`,
        `AWS::::Account:${org.dev}`,
      ].sort(),
    );
    for (const f of inDev) {
      expect(f).toMatchObject({
        AwsAccountId: org.dev,
        ProductArn: `arn:aws:securityhub:${REGION}:${org.dev}:product/${org.dev}/default`,
      });
    }
    // The central account's hub holds only its own findings.
    const central = await allFindings(moto.endpoint);
    expect(new Set(central.map((f) => f.AwsAccountId))).toEqual(new Set([MOTO_ACCOUNT_ID]));
    expect(central).toHaveLength(2);
  });

  it('an account whose audit runs out of time is stored as not complete before the timeout, not a timed-out item', async () => {
    const handlers = loadOrgHandlers();
    const item: AccountItem = { accountId: MOTO_ACCOUNT_ID, runId: RUN_ID };

    const result = (await handlers.auditAccount(item, contextFor('org-audit', 1))) as AccountItemResult;

    expect(result.status).not.toBe('complete');
    const stored = await readJson<AccountAuditReport>(clients.s3, BUCKET, result.reportKey);
    expect(stored.status).toBe(result.status);
    expect(stored.errors.length).toBeGreaterThan(0);
  });

  it("an IAM event from a member account re-checks the named user there and alerts with that account's state", async () => {
    restoreEnvAlso({ NOTIFY: 'changes' });
    const handlers = loadOrgHandlers();
    const event = {
      version: '0',
      source: 'aws.iam',
      'detail-type': 'AWS API Call via CloudTrail',
      account: org.prod,
      region: 'us-east-1',
      detail: { eventName: 'CreateLoginProfile', requestParameters: { userName: 'carol' } },
    };

    const report = (await handlers.auditAccount(event, contextFor('org-audit'))) as AccountAuditReport;

    expect(report.accountId).toBe(org.prod);
    expect(report.scope).toMatchObject({ kind: 'users', userNames: ['carol'] });
    expect(violators(report)).toEqual(['carol']);
    expect(await capture.receiveAll({ atLeast: 1 })).not.toEqual([]);
    expect(await stateItemExists(clients.dynamodb, TABLE, `alert-state#${org.prod}`)).toBe(true);
    expect(await stateItemExists(clients.dynamodb, TABLE, 'alert-state')).toBe(false);
  });

  /** More environment for one test; afterEach restores everything set in beforeEach. */
  function restoreEnvAlso(vars: Record<string, string | undefined>): void {
    const restoreMore = applyEnv(vars);
    const restoreBase = restoreEnv;
    restoreEnv = () => {
      restoreMore();
      restoreBase();
    };
  }
});
