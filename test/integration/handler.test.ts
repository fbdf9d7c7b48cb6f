import { deliveredViolators, parseDeliveredReports } from './support/delivered-report';
import { applyEnv } from './support/env';
import { LAMBDA_CONTEXT, loadHandler } from './support/handler-loader';
import { seedUsers } from '../../tools/moto/iam-seed';
import { mixedAccount, namesExpected } from './support/mixed-account';
import type { TopicCapture } from '../../tools/moto/sns-capture';
import { createTopicWithCapture } from '../../tools/moto/sns-capture';
import { useMoto } from './support/use-moto';
import { allFindings } from '../../tools/moto/security-hub';

const moto = useMoto();
const users = mixedAccount();
const violators = namesExpected(users, 'violation');
const compliant = namesExpected(users, 'compliant');

describe('the Lambda handler against moto', () => {
  let capture: TopicCapture;
  let restoreEnv: () => void;

  beforeEach(async () => {
    await seedUsers(moto.clients.iam, users);
    capture = await createTopicWithCapture(moto.clients, 'mfa-audit-findings');
    restoreEnv = applyEnv({
      TOPIC_ARN: capture.topicArn,
      // Every run alerts; `changes` mode needs its DynamoDB state table.
      NOTIFY: 'always',
      STATE_TABLE: undefined,
      DRY_RUN: undefined,
      STRATEGY: undefined,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });
  afterEach(() => restoreEnv());

  it('a scheduled run ({}) publishes every violating user, and no one else, to a machine subscriber', async () => {
    const handler = loadHandler();

    const report = await handler({}, LAMBDA_CONTEXT);

    expect(report.accountId).toBe('123456789012');
    expect(report.violations.map((v) => v.userName).sort()).toEqual(violators);
    const delivered = await capture.receiveAll({ atLeast: 1 });
    expect(delivered[0]?.subject).toMatch(
      // moto's root user never has MFA (GetAccountSummary AccountMFAEnabled is always 0).
      new RegExp(`^MFA audit: ${violators.length} console users \\+ ROOT without MFA in 123456789012`),
    );
    const reports = parseDeliveredReports(delivered);
    expect(deliveredViolators(reports)).toEqual(violators);
    expect(reports[0]).toMatchObject({ status: 'complete', summary: { violations: violators.length } });
    const everything = delivered.map((m) => m.message).join('\n');
    for (const name of compliant) expect(everything).not.toContain(JSON.stringify(name));
  });

  it('an on-demand dry run returns the report and publishes nothing', async () => {
    const handler = loadHandler();

    const report = await handler({ dryRun: true }, LAMBDA_CONTEXT);

    expect(report.violations.map((v) => v.userName).sort()).toEqual(violators);
    expect(await capture.receiveAll({ waitMs: 500 })).toEqual([]);
  });

  it('a deployment configured with DRY_RUN=true never publishes, even when scheduled', async () => {
    applyEnv({ DRY_RUN: 'true' }); // restored with the rest in afterEach
    const handler = loadHandler();

    await handler({}, LAMBDA_CONTEXT);

    expect(await capture.receiveAll({ waitMs: 500 })).toEqual([]);
  });

  it('SECURITY_HUB=true: a scheduled run syncs its findings before alerting; a dry run or a re-check writes none', async () => {
    applyEnv({ SECURITY_HUB: 'true' }); // restored with the rest in afterEach
    const handler = loadHandler();

    const dry = await handler({ dryRun: true }, LAMBDA_CONTEXT);
    expect(dry.securityHub).toMatchObject({
      status: 'skipped',
      skippedBecause: expect.stringMatching(/dry run/),
    });
    const recheck = await handler({ users: [violators[0] as string] }, LAMBDA_CONTEXT);
    expect(recheck.securityHub?.status).toBe('skipped');
    expect(await allFindings(moto.endpoint)).toEqual([]);

    const report = await handler({}, LAMBDA_CONTEXT);

    // One per violator, plus moto's root user (never MFA on moto).
    expect(report.securityHub).toMatchObject({
      status: 'exported',
      opened: violators.length + 1,
      errors: [],
    });
    expect(report.apiCalls).toMatchObject({ GetFindings: 1, BatchImportFindings: 1 });
    const findings = await allFindings(moto.endpoint);
    expect(
      findings
        .map((f) => f.Resources?.[0]?.Details?.AwsIamUser?.UserName)
        .filter(Boolean)
        .sort(),
    ).toEqual(violators);
  });

  it('{ users: [name] } checks only that user', async () => {
    const handler = loadHandler();

    const report = await handler({ users: ['frank.deactivated'] }, LAMBDA_CONTEXT);

    expect(report.summary).toMatchObject({ usersScanned: 1, candidates: 1, violations: 1 });
    expect(report.violations.map((v) => v.userName)).toEqual(['frank.deactivated']);
    expect(report.apiCalls).toMatchObject({ GetLoginProfile: 1, ListMFADevices: 1 });
    const reports = parseDeliveredReports(await capture.receiveAll({ atLeast: 1 }));
    expect(deliveredViolators(reports)).toEqual(['frank.deactivated']);
  });

  it('a strategy in the event overrides the configured one', async () => {
    applyEnv({ STRATEGY: 'live' });
    const handler = loadHandler();

    const report = await handler({ dryRun: true, strategy: 'report' }, LAMBDA_CONTEXT);

    expect(report.strategy).toBe('report');
    expect(report.violations.map((v) => v.userName).sort()).toEqual(violators);
  });
});
