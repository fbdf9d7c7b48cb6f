/**
 * Issue 11, part 1: a re-check of named users (a CloudTrail IAM event, or `{"users": [...]}`) must
 * never announce "all clear" for the account. Runs the real handler (engine, delivery, renderers)
 * over a mocked IAM, SNS and an in-memory DynamoDB state item.
 */
import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as iamSdk from '@aws-sdk/client-iam';
import { IAMClient, ListAccountAliasesCommand, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import * as snsSdk from '@aws-sdk/client-sns';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerModule from '../../lambda/handler/handler';
import type { MachineReport } from '../../lambda/alerts/machine-report';
import { ACCOUNT_ID, iamUser } from '../../tools/builders/iam';
import type { AccountUser } from '../fixtures/iam-sdk';
import { accessDenied, stubIamAccount, VIRTUAL_MFA } from '../fixtures/iam-sdk';
import { chatbotCardProblems } from '../alerts/chatbot-card-schema';

type Handler = typeof HandlerModule.handler;

const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT_ID}:mfa-alerts`;
const CONTEXT = {
  invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:mfa-auditor`,
  functionName: 'mfa-auditor',
};
const STATE_TABLE = 'mfa-auditor-alert-state';

const iamMock = mockClient(IAMClient);
const snsMock = mockClient(SNSClient);
const dynamoMock = mockClient(DynamoDBClient);

const PASSWORD = { createDate: new Date('2025-02-01T00:00:00Z') };
const alice: AccountUser = { user: iamUser('alice'), password: PASSWORD };
const bob: AccountUser = { user: iamUser('bob'), password: PASSWORD };
const carol: AccountUser = { user: iamUser('carol'), password: PASSWORD, mfaSerials: [VIRTUAL_MFA] };
const aliceWithMfa: AccountUser = { ...alice, mfaSerials: [VIRTUAL_MFA] };

const savedEnv = { ...process.env };

function loadHandler(env: Record<string, string>): Handler {
  process.env = {
    ...savedEnv,
    AWS_REGION: 'us-east-1',
    TOPIC_ARN,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_LAMBDA_LOG_LEVEL: 'FATAL',
    ...env,
  };
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    jest.doMock('@aws-sdk/client-iam', () => iamSdk);
    jest.doMock('@aws-sdk/client-sns', () => snsSdk);
    jest.doMock('@aws-sdk/client-dynamodb', () => dynamodbSdk);
    handler = jest.requireActual<typeof HandlerModule>('../../lambda/handler/handler').handler;
  });
  if (!handler) throw new Error('lambda/handler did not load');
  return handler;
}

const iamEvent = (eventName: string, userName: string): Record<string, unknown> => ({
  version: '0',
  source: 'aws.iam',
  'detail-type': 'AWS API Call via CloudTrail',
  region: 'us-east-1',
  detail: { eventSource: 'iam.amazonaws.com', eventName, requestParameters: { userName } },
});

interface Published {
  readonly subject: string;
  readonly default: string;
  readonly email: string;
  readonly https: string;
  readonly sqs: string;
  readonly lambda: string;
}

function published(): Published[] {
  return snsMock.commandCalls(PublishCommand).map((c) => {
    const input = c.args[0].input;
    return {
      subject: input.Subject ?? '',
      ...(JSON.parse(input.Message ?? '{}') as Omit<Published, 'subject'>),
    };
  });
}

const ALL_CLEAR = [/\ball\b[^.\n]*\bha(ve|s) MFA/i, /Every IAM user/i, /no console user without MFA/i];

/** Nothing in any protocol body or the subject may read as an account-wide all-clear. */
function expectNoAllClear(msg: Published): void {
  for (const text of [msg.subject, msg.default, msg.email, msg.https, msg.sqs, msg.lambda]) {
    for (const claim of ALL_CLEAR) expect(text).not.toMatch(claim);
  }
}

let stored: Record<string, AttributeValue> | undefined;

afterAll(() => {
  process.env = savedEnv;
  iamMock.restore();
  snsMock.restore();
  dynamoMock.restore();
});
beforeEach(() => {
  iamMock.reset();
  snsMock.reset();
  dynamoMock.reset();
  stored = undefined;
  iamMock.on(ListAccountAliasesCommand).resolves({ AccountAliases: ['prod-main'] });
  snsMock.on(PublishCommand).resolves({ MessageId: 'msg-1' });
  dynamoMock.on(GetItemCommand).callsFake(() => (stored ? { Item: stored } : {}));
  dynamoMock.on(PutItemCommand).callsFake((input: { Item: Record<string, AttributeValue> }) => {
    stored = input.Item;
    return {};
  });
});

describe('a re-check of named users after a full audit (NOTIFY=changes)', () => {
  /** A full audit that finds alice, bob and the root user without MFA; then alice enables MFA. */
  async function afterFullAudit(handler: Handler): Promise<void> {
    stubIamAccount(iamMock, { users: [alice, bob, carol], rootMfaEnabled: false });
    const full = await handler({}, CONTEXT);
    expect(full.summary).toMatchObject({ violations: 2, rootViolation: true });
    expect(published().map((m) => m.subject)).toEqual([
      'MFA audit: 2 console users + ROOT without MFA (2 new) in 123456789012 (prod-main)',
    ]);
    snsMock.resetHistory();
  }

  test('the event re-check of the fixed user names that user and what is still open, nothing more', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);
    stubIamAccount(iamMock, { users: [aliceWithMfa, bob, carol], rootMfaEnabled: false });

    const report = await handler(iamEvent('EnableMFADevice', 'alice'), CONTEXT);

    const [msg, ...more] = published();
    if (!msg) throw new Error('nothing published');
    expect(more).toEqual([]);
    expect(msg.subject).toBe(
      'MFA audit: alice now has MFA (resolved) in 123456789012 (prod-main); 2 still open: 1 user + root',
    );
    const card = JSON.parse(msg.https) as { content: { title: string; description: string } };
    expect(chatbotCardProblems(card)).toEqual([]);
    expect(card.content.title).toBe(
      ':white_check_mark: alice now has MFA (resolved) in 123456789012 (prod-main); 2 still open: 1 user + root',
    );
    expect(card.content.description).toContain('2 still open: 1 user + root');
    expect(msg.email).toMatch(
      /^Re-check of 1 named user in AWS account 123456789012 \(prod-main\): alice now has MFA \(resolved\)\.\n/,
    );
    expect(msg.email).toContain(
      'Open findings in the account after this re-check: 2 still open: 1 user + root.',
    );
    expect(msg.email).toContain('- alice: no longer a violation: MFA assigned; open since ');
    expect(msg.default).toBe(msg.email);
    const machine = JSON.parse(msg.sqs) as MachineReport;
    expect(machine.scope).toEqual(report.scope);
    expect(machine.changes?.resolved.map((r) => r.userName)).toEqual(['alice']);
    expect(machine.changes?.open).toEqual({ users: 1, root: true });
    expect(msg.lambda).toBe(msg.sqs);
    expectNoAllClear(msg);
    expect(report.scope).toEqual({ kind: 'users', userNames: ['alice'], notFound: [], withMfa: ['alice'] });
    expect(report.root).toBeNull();
  });

  test('the re-check of a user still without MFA says so, and counts the user among the open', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);

    // TagUser on bob (no exemption): nothing changed, so nothing is published...
    await handler(iamEvent('TagUser', 'bob'), CONTEXT);
    expect(published()).toEqual([]);

    // ...but a new violation is: carol loses her MFA device.
    stubIamAccount(iamMock, { users: [alice, bob, { ...carol, mfaSerials: [] }], rootMfaEnabled: false });
    await handler(iamEvent('DeactivateMFADevice', 'carol'), CONTEXT);
    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe(
      'MFA audit: carol has no MFA (new) in 123456789012 (prod-main); 4 still open: 3 users + root',
    );
    expectNoAllClear(msg);
  });

  test('a re-check that could not check the user names it as unchecked', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);
    iamMock.on(ListMFADevicesCommand, { UserName: 'alice' }).rejects(accessDenied('ListMFADevices'));

    const report = await handler(iamEvent('EnableMFADevice', 'alice'), CONTEXT);

    expect(report.status).toBe('incomplete');
    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe(
      'MFA audit: alice could not be checked in 123456789012 (prod-main); 3 still open: 2 users + root',
    );
    expect(JSON.parse(msg.https)).toMatchObject({
      content: { title: expect.stringMatching(/^:warning: alice could not be checked in /) as unknown },
    });
    expect(msg.email).toContain(
      'COULD NOT BE CHECKED (1; not counted as compliant)\n- alice: ListMFADevices',
    );
    expectNoAllClear(msg);
  });

  test('{"users": [...]} naming a user that does not exist: a note, nothing published', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);

    const report = await handler({ users: ['ghost'] }, CONTEXT);

    expect(report.scope).toEqual({ kind: 'users', userNames: ['ghost'], notFound: ['ghost'], withMfa: [] });
    expect(report.notes).toEqual(['Requested user "ghost" does not exist; nothing to check.']);
    expect(published()).toEqual([]);
  });

  test('a deleted user that was open: resolved as deleted', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);
    stubIamAccount(iamMock, { users: [alice, carol], rootMfaEnabled: false });

    // IAM names are case-insensitive: the request may spell bob's name differently.
    await handler({ users: ['Bob'] }, CONTEXT);

    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe(
      'MFA audit: Bob was deleted (resolved) in 123456789012 (prod-main); 2 still open: 1 user + root',
    );
    expectNoAllClear(msg);
  });

  test('without the state (table unreadable) the alert is about the named user only, with no count', async () => {
    const handler = loadHandler({ NOTIFY: 'changes', STATE_TABLE });
    await afterFullAudit(handler);
    stubIamAccount(iamMock, { users: [aliceWithMfa, bob, carol], rootMfaEnabled: false });
    dynamoMock.on(GetItemCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));

    await handler(iamEvent('EnableMFADevice', 'alice'), CONTEXT);

    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe('MFA audit: alice has MFA in 123456789012 (prod-main)');
    expect(msg.email).toContain(
      'Only this user was checked now; this alert says nothing about other users or the root user.',
    );
    expectNoAllClear(msg);
  });
});

describe('a re-check of named users (NOTIFY=always)', () => {
  test('a violation is about that user only; no count without a state', async () => {
    const handler = loadHandler({ NOTIFY: 'always' });
    stubIamAccount(iamMock, { users: [alice, bob, carol], rootMfaEnabled: true });

    await handler(iamEvent('DeactivateMFADevice', 'alice'), CONTEXT);

    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe('MFA audit: alice has no MFA in 123456789012 (prod-main)');
    expect(msg.email).toMatch(
      /^Re-check of 1 named user in AWS account 123456789012 \(prod-main\): alice has no MFA\.\n/,
    );
    expectNoAllClear(msg);
  });

  test('several named users: counted by outcome, none left out', async () => {
    const handler = loadHandler({ NOTIFY: 'always' });
    stubIamAccount(iamMock, { users: [alice, bob, carol], rootMfaEnabled: true });

    await handler({ users: ['alice', 'carol', 'ghost'] }, CONTEXT);

    const [msg] = published();
    if (!msg) throw new Error('nothing published');
    expect(msg.subject).toBe(
      'MFA audit: 3 named users: 1 without MFA, 1 with MFA, 1 not found in 123456789012 (prod-main)',
    );
    expect(msg.email).toMatch(
      /^Re-check of 3 named users in AWS account .*: alice has no MFA; carol has MFA; ghost does not exist\.\n/,
    );
    expectNoAllClear(msg);
  });
});
