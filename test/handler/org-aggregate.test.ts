import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { AccountAuditReport, OrganizationReport } from '../../lambda/core/organization';
import { withAccount } from '../../lambda/core/organization';
import type { AccountItem, RunListing } from '../../lambda/core/organization-run';
import type * as AggregateModule from '../../lambda/handler/org-aggregate';
import { auditReport, violation } from '../../tools/builders/report';
import { captureEmf, emittedSeries } from '../support/emf';
import {
  BUCKET,
  CENTRAL,
  CONTEXT,
  loadModule,
  MEMBER,
  mocks,
  OTHER,
  putObject,
  resetMocks,
  restoreAll,
  RUN_ID,
  s3Error,
  storedJson,
} from './org-support';

const load = (env: Record<string, string | undefined> = {}) =>
  loadModule<typeof AggregateModule>('../../lambda/handler/org-aggregate', env).handler;
const RUN = `runs/${RUN_ID}`;
const REPORT_KEY = `${RUN}/organization-report.json`;
const CHECKED_AT = '2026-12-03T01:00:00.000Z';
const MANIFEST = 'runs/results/abc/manifest.json';

const items: AccountItem[] = [
  { accountId: CENTRAL, accountName: 'central', runId: RUN_ID },
  { accountId: MEMBER, accountName: 'prod', runId: RUN_ID },
  { accountId: OTHER, accountName: 'legacy', runId: RUN_ID },
];
const listing = (errors: RunListing['errors'] = []): RunListing => ({
  organizationId: 'o-abc123',
  checkedAt: CHECKED_AT,
  notes: ['Account closed (444444444444) skipped: it is SUSPENDED, not ACTIVE, so nobody can sign in to it.'],
  errors,
});
const accountReport = (item: AccountItem, violators: string[]): AccountAuditReport =>
  withAccount(
    {
      ...auditReport(
        CHECKED_AT,
        violators.map((name) => violation(name)),
      ),
      accountId: item.accountId,
    },
    { id: item.accountId, status: 'ACTIVE', name: item.accountName },
  );
const [central, member, other] = items as [AccountItem, AccountItem, AccountItem];

/** A run whose map stored central's and member's reports, and none for `other`. */
function storeRun(): void {
  putObject(`${RUN}/listing.json`, listing());
  putObject(`${RUN}/items.json`, items);
  putObject(`${RUN}/accounts/${CENTRAL}.json`, accountReport(central, ['ci-admin']));
  putObject(`${RUN}/accounts/${MEMBER}.json`, accountReport(member, ['ci-admin', 'carol']));
}

/** The ResultWriter's output for a map whose `other` item failed with a Lambda error. */
function storeMapResults(failed: object[]): void {
  putObject(MANIFEST, {
    DestinationBucket: BUCKET,
    MapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:org-run/AuditAccounts:abc',
    ResultFiles: {
      FAILED: [{ Key: 'runs/results/abc/FAILED_0.json', Size: 100 }],
      PENDING: [],
      SUCCEEDED: [{ Key: 'runs/results/abc/SUCCEEDED_0.json', Size: 100 }],
    },
  });
  putObject('runs/results/abc/FAILED_0.json', failed);
  putObject('runs/results/abc/SUCCEEDED_0.json', []);
}

const lambdaFailure = {
  ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:org-run/AuditAccounts:x',
  Input: JSON.stringify(other),
  InputDetails: { Included: true },
  Name: 'x',
  Status: 'FAILED',
  Error: 'AwsCallError',
  Cause: JSON.stringify({
    errorType: 'AwsCallError',
    errorMessage: `s3://${BUCKET}/${RUN}/accounts/${OTHER}.json: AccessDenied: Access Denied (needs s3:PutObject)`,
    trace: ['AwsCallError: ...'],
  }),
};

const byId = (report: OrganizationReport, id: string) => report.accounts.find((a) => a.accountId === id);

afterAll(restoreAll);
beforeEach(() => {
  resetMocks();
  storeRun();
});

describe('org-aggregate handler', () => {
  test('builds, stores and alerts the organization report; an account without a report is failed with the reason the map recorded', async () => {
    storeMapResults([lambdaFailure]);
    const handler = load();

    const result = await handler(
      { runId: RUN_ID, resultWriterDetails: { Bucket: BUCKET, Key: MANIFEST } },
      CONTEXT,
    );

    const summary = {
      accounts: 3,
      accountsComplete: 2,
      accountsIncomplete: 0,
      accountsFailed: 1,
      violations: 3,
      rootViolations: 0,
      exempted: 0,
      pending: 0,
    };
    expect(result).toEqual({ runId: RUN_ID, reportKey: REPORT_KEY, status: 'incomplete', summary });
    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(report).toMatchObject({
      kind: 'organization',
      organizationId: 'o-abc123',
      checkedAt: CHECKED_AT,
      status: 'incomplete',
      summary,
      errors: [],
      notes: listing().notes,
    });
    expect(byId(report, MEMBER)?.violations.map((v) => v.userName)).toEqual(['ci-admin', 'carol']);
    expect(byId(report, OTHER)).toMatchObject({
      accountId: OTHER,
      accountName: 'legacy',
      status: 'failed',
      errors: [
        {
          userName: null,
          operation: 'AuditAccounts',
          code: 'AwsCallError',
          message:
            'the audit of this account ended FAILED: AwsCallError: ' +
            `s3://${BUCKET}/${RUN}/accounts/${OTHER}.json: AccessDenied: Access Denied (needs s3:PutObject)`,
        },
      ],
    });
    expect(mocks.sns.commandCalls(PublishCommand).length).toBeGreaterThan(0);
  });

  test('a Step Functions failure (a timeout) is named as such', async () => {
    storeMapResults([
      {
        Status: 'TIMED_OUT',
        Input: JSON.stringify(other),
        Error: 'States.Timeout',
        Cause: 'Task timed out after 900 seconds',
      },
    ]);
    const handler = load();

    await handler({ runId: RUN_ID, resultWriterDetails: { Bucket: BUCKET, Key: MANIFEST } }, CONTEXT);

    expect(byId(storedJson(REPORT_KEY), OTHER)?.errors).toEqual([
      {
        userName: null,
        operation: 'AuditAccounts',
        code: 'States.Timeout',
        message:
          'the audit of this account ended TIMED_OUT: States.Timeout: Task timed out after 900 seconds',
      },
    ]);
  });

  test("without the map's results an account without a report is still failed, and the note says why no reason is given", async () => {
    const handler = load();

    const result = await handler({ runId: RUN_ID }, CONTEXT);

    expect(result.status).toBe('incomplete');
    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(byId(report, OTHER)).toMatchObject({
      status: 'failed',
      errors: [
        {
          operation: 'AuditAccounts',
          message:
            'no report was stored for this account and the map recorded no failure for it: it was not audited',
        },
      ],
    });
    expect(report.notes).toContain(
      "The map's results were not passed on: accounts without a report are reported without the map's reason.",
    );
  });

  test('a map that failed as a whole (state MapFailed): accounts without a report are failed with its error, the others judged', async () => {
    const handler = load();

    const result = await handler(
      {
        runId: RUN_ID,
        resultWriterDetails: null,
        map: {
          ResultWriterDetails: null,
          Error: 'States.ItemReaderFailed',
          Cause: 'Access Denied to items.json',
        },
      },
      CONTEXT,
    );

    expect(result.status).toBe('incomplete');
    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(byId(report, MEMBER)?.status).toBe('complete');
    expect(byId(report, OTHER)).toMatchObject({
      status: 'failed',
      errors: [
        {
          operation: 'AuditAccounts',
          code: 'States.ItemReaderFailed',
          message:
            'the Distributed Map failed as a whole (States.ItemReaderFailed: Access Denied to items.json); ' +
            'accounts it did not audit have no report',
        },
      ],
    });
    expect(report.notes).toContain(
      "The organization run's map failed: the Distributed Map failed as a whole (States.ItemReaderFailed: " +
        'Access Denied to items.json); accounts it did not audit have no report.',
    );
  });

  test('a manifest that cannot be read is a note; the accounts are judged from their reports all the same', async () => {
    const handler = load();

    await handler({ runId: RUN_ID, resultWriterDetails: { Bucket: BUCKET, Key: MANIFEST } }, CONTEXT);

    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(report.notes.at(-1)).toMatch(
      new RegExp(
        `^The map's results \\(s3://${BUCKET}/${MANIFEST}\\) could not be read \\(s3://${BUCKET}/${MANIFEST} does not exist \\(NoSuchKey\\)\\)`,
      ),
    );
    expect(report.summary).toMatchObject({ accountsComplete: 2, accountsFailed: 1 });
  });

  test("an account report that cannot be read, or is another account's, makes that account failed, never compliant", async () => {
    mocks.s3
      .on(GetObjectCommand, { Key: `${RUN}/accounts/${CENTRAL}.json` })
      .rejects(s3Error('AccessDenied', 'Access Denied'));
    putObject(`${RUN}/accounts/${MEMBER}.json`, accountReport(other, []));
    const handler = load();

    await handler({ runId: RUN_ID }, CONTEXT);

    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(report.summary).toMatchObject({ accountsComplete: 0, accountsFailed: 3, violations: 0 });
    expect(byId(report, CENTRAL)?.errors[0]).toMatchObject({
      operation: 'GetObject',
      permission: 's3:GetObject',
      message: `its stored report could not be read: s3://${BUCKET}/${RUN}/accounts/${CENTRAL}.json: AccessDenied: Access Denied (needs s3:GetObject)`,
    });
    expect(byId(report, MEMBER)?.errors[0]?.message).toBe(
      `its stored report could not be read: Error: the stored report of account ${MEMBER} is for account "${OTHER}"`,
    );
  });

  test('a listing that failed is a failed organization report: stored, alerted, then the step fails', async () => {
    putObject(`${RUN}/listing.json`, {
      ...listing([
        { userName: null, operation: 'ListAccountsForParent', message: 'AccessDeniedException: no' },
      ]),
      notes: [],
    });
    putObject(`${RUN}/items.json`, []);
    const handler = load();

    await expect(handler({ runId: RUN_ID }, CONTEXT)).rejects.toThrow(
      'MFA organization audit failed: ListAccountsForParent: AccessDeniedException: no',
    );
    expect(storedJson<OrganizationReport>(REPORT_KEY)).toMatchObject({ status: 'failed', accounts: [] });
    expect(mocks.sns.commandCalls(PublishCommand).length).toBeGreaterThan(0);
  });

  test('a run whose listing is missing fails, naming the object', async () => {
    mocks.s3.on(GetObjectCommand, { Key: `${RUN}/listing.json` }).rejects(s3Error('NoSuchKey', 'gone', 404));
    const handler = load();

    await expect(handler({ runId: RUN_ID }, CONTEXT)).rejects.toThrow(
      `MFA organization audit failed: GetObject: the organization run's account list could not be read, so no account can be vouched for: s3://${BUCKET}/${RUN}/listing.json does not exist (NoSuchKey)`,
    );
    expect(storedJson<OrganizationReport>(REPORT_KEY).status).toBe('failed');
  });

  test('a report that cannot be stored still alerts, then fails the step naming the object', async () => {
    mocks.s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 'Access Denied'));
    const handler = load();

    await expect(handler({ runId: RUN_ID }, CONTEXT)).rejects.toThrow(
      `the organization report could not be stored (PutObject: s3://${BUCKET}/${REPORT_KEY}: AccessDenied: Access Denied (needs s3:PutObject))`,
    );
    expect(mocks.sns.commandCalls(PublishCommand).length).toBeGreaterThan(0);
  });

  test('an alert that cannot be published fails the step', async () => {
    mocks.sns.on(PublishCommand).rejects(new Error('SNS is down'));
    const handler = load();

    await expect(handler({ runId: RUN_ID }, CONTEXT)).rejects.toThrow(/SNS is down/);
    expect(storedJson<OrganizationReport>(REPORT_KEY).status).toBe('incomplete');
  });

  test("NOTIFY=changes reads and saves each account's own state item", async () => {
    mocks.dynamodb.on(GetItemCommand).resolves({});
    mocks.dynamodb.on(PutItemCommand).resolves({});
    const handler = load({ NOTIFY: 'changes', STATE_TABLE: 'state' });

    await handler({ runId: RUN_ID }, CONTEXT);

    const keys = [CENTRAL, MEMBER, OTHER].map((id) => `alert-state#${id}`);
    const read = mocks.dynamodb.commandCalls(GetItemCommand).map((c) => c.args[0].input.Key?.pk?.S);
    const saved = mocks.dynamodb.commandCalls(PutItemCommand).map((c) => c.args[0].input.Item?.pk?.S);
    expect(read.sort()).toEqual(keys);
    expect(saved.sort()).toEqual(keys);
  });

  test('a dry-run deployment stores the report and publishes nothing', async () => {
    const handler = load({ DRY_RUN: 'true' });

    await handler({ runId: RUN_ID }, CONTEXT);

    expect(mocks.sns.calls()).toHaveLength(0);
    expect(storedJson<OrganizationReport>(REPORT_KEY).summary.accounts).toBe(3);
  });

  test.each([
    [{ resultWriterDetails: null }, /runId must be 1-80/],
    [
      { runId: RUN_ID, resultWriterDetails: { Bucket: BUCKET } },
      /resultWriterDetails must be \{ Bucket, Key \}/,
    ],
  ])('refuses the event %j', async (event, message) => {
    const handler = load();
    await expect(handler(event, CONTEXT)).rejects.toThrow(message);
  });
});

describe('org-aggregate metrics', () => {
  const DEPLOYMENT = 'MfaAuditor/MfaAuditor';
  const deploymentValues = (records: Awaited<ReturnType<typeof captureEmf>>['records']) =>
    Object.fromEntries(
      emittedSeries(records)
        .filter((s) => s.dimensions.Deployment === DEPLOYMENT)
        .map((s) => [s.name, s.value]),
    );

  test("the organization's totals go to the deployment and the organization, not the run's costs to the deployment", async () => {
    const handler = load({ METRICS_DEPLOYMENT: DEPLOYMENT });

    const { records } = await captureEmf(() => handler({ runId: RUN_ID }, CONTEXT).catch(() => undefined));

    const report = storedJson<OrganizationReport>(REPORT_KEY);
    expect(deploymentValues(records)).toMatchObject({
      AuditFailed: 0,
      ConsoleUsersWithoutMfa: report.summary.violations,
      AccountsNotAudited: report.summary.accountsFailed,
    });
    expect(deploymentValues(records)).not.toHaveProperty('AuditDuration');
    const organizationSeries = emittedSeries(records).filter(
      (s) => s.dimensions.OrganizationId !== undefined,
    );
    expect(organizationSeries.map((s) => s.name)).toContain('AuditDuration');
  });

  test('a failed run flushes AuditFailed=1, and no count, before the step fails', async () => {
    putObject(`${RUN}/listing.json`, {
      ...listing([
        { userName: null, operation: 'ListAccountsForParent', message: 'AccessDeniedException: no' },
      ]),
      notes: [],
    });
    putObject(`${RUN}/items.json`, []);
    const handler = load({ METRICS_DEPLOYMENT: DEPLOYMENT });
    let thrown: unknown;

    const { records } = await captureEmf(() =>
      handler({ runId: RUN_ID }, CONTEXT).catch((e: unknown) => (thrown = e)),
    );

    expect(thrown).toBeInstanceOf(Error);
    expect(deploymentValues(records)).toEqual({ AuditFailed: 1 });
  });
});
