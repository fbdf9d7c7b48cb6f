import {
  AccessDeniedException,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
} from '@aws-sdk/client-organizations';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type * as ListModule from '../../lambda/handler/org-list-accounts';
import type { AccountItem, RunListing } from '../../lambda/core/organization-run';
import {
  BUCKET,
  CENTRAL,
  CONTEXT,
  loadModule,
  MEMBER,
  mocks,
  OTHER,
  resetMocks,
  restoreAll,
  RUN_ID,
  s3Error,
  storedJson,
} from './org-support';

const OU = 'ou-abcd-11111111';
const NESTED_OU = 'ou-abcd-22222222';
const load = (env: Record<string, string | undefined> = {}) =>
  loadModule<typeof ListModule>('../../lambda/handler/org-list-accounts', env).handler;

afterAll(restoreAll);
beforeEach(() => {
  resetMocks();
  mocks.organizations.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123' } });
  mocks.organizations.on(ListAccountsForParentCommand, { ParentId: OU }).resolves({
    Accounts: [
      { Id: OTHER, Name: 'sandbox', State: 'ACTIVE' },
      { Id: '444444444444', Name: 'closing', State: 'PENDING_CLOSURE' },
    ],
  });
  mocks.organizations.on(ListAccountsForParentCommand, { ParentId: NESTED_OU }).resolves({
    Accounts: [{ Id: MEMBER, Name: 'prod', State: 'ACTIVE' }],
  });
  mocks.organizations
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: OU })
    .resolves({ OrganizationalUnits: [{ Id: NESTED_OU }] });
  mocks.organizations
    .on(ListOrganizationalUnitsForParentCommand, { ParentId: NESTED_OU })
    .resolves({ OrganizationalUnits: [] });
});

describe('org-list-accounts handler', () => {
  test('writes the ACTIVE accounts under the OUs (nested ones included) as the items, and the skipped ones as notes', async () => {
    const handler = load();

    const result = await handler({ runId: RUN_ID }, CONTEXT);

    expect(result).toEqual({
      runId: RUN_ID,
      bucket: BUCKET,
      itemsKey: `runs/${RUN_ID}/items.json`,
      listingKey: `runs/${RUN_ID}/listing.json`,
      accounts: 3,
    });
    // The auditor's own account is not under the OU: it is audited anyway, with its own credentials.
    expect(storedJson<AccountItem[]>(result.itemsKey)).toEqual([
      { accountId: CENTRAL, runId: RUN_ID },
      { accountId: MEMBER, accountName: 'prod', runId: RUN_ID },
      { accountId: OTHER, accountName: 'sandbox', runId: RUN_ID },
    ]);
    const listing = storedJson<RunListing>(result.listingKey);
    expect(listing).toMatchObject({ organizationId: 'o-abc123', errors: [] });
    expect(listing.notes).toEqual([
      'Account closing (444444444444) skipped: it is PENDING_CLOSURE, not ACTIVE, so nobody can sign in to it.',
      `This deployment's own account ${CENTRAL} is not under the target OUs; it is audited too, with the auditor's own credentials.`,
    ]);
    expect(new Date(listing.checkedAt).getTime()).not.toBeNaN();
  });

  test('a listing that fails is recorded (with the permission to grant) beside an empty item list, not thrown', async () => {
    mocks.organizations
      .on(ListAccountsForParentCommand)
      .rejects(new AccessDeniedException({ message: 'not allowed', $metadata: {} }));
    const handler = load();

    const result = await handler({ runId: RUN_ID }, CONTEXT);

    expect(result.accounts).toBe(0);
    expect(storedJson<AccountItem[]>(result.itemsKey)).toEqual([]);
    expect(storedJson<RunListing>(result.listingKey).errors).toEqual([
      expect.objectContaining({
        userName: null,
        operation: 'ListAccountsForParent',
        permission: 'organizations:ListAccountsForParent',
        message: expect.stringContaining('AccessDeniedException: not allowed') as unknown,
      }),
    ]);
  });

  test('an OU with no ACTIVE account is said in the notes, not silently an empty organization', async () => {
    mocks.organizations.on(ListAccountsForParentCommand).resolves({ Accounts: [] });
    const handler = load();

    const result = await handler({ runId: RUN_ID }, CONTEXT);

    expect(result.accounts).toBe(1);
    expect(storedJson<RunListing>(result.listingKey).notes).toEqual([
      expect.stringContaining(`own account ${CENTRAL} is not under the target OUs`),
      `No ACTIVE account is under ${OU}: only this deployment's own account is audited.`,
    ]);
  });

  test('the own account under the OUs is listed once, with its name', async () => {
    mocks.organizations
      .on(ListAccountsForParentCommand, { ParentId: OU })
      .resolves({ Accounts: [{ Id: CENTRAL, Name: 'security', State: 'ACTIVE' }] });
    const handler = load();

    const result = await handler({ runId: RUN_ID }, CONTEXT);

    expect(storedJson<AccountItem[]>(result.itemsKey)).toEqual([
      { accountId: CENTRAL, accountName: 'security', runId: RUN_ID },
      { accountId: MEMBER, accountName: 'prod', runId: RUN_ID },
    ]);
    expect(storedJson<RunListing>(result.listingKey).notes).toEqual([]);
  });

  test('a write to the bucket that fails fails the step, naming the object', async () => {
    mocks.s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 'Access Denied'));
    const handler = load();

    await expect(handler({ runId: RUN_ID }, CONTEXT)).rejects.toThrow(
      `s3://${BUCKET}/runs/${RUN_ID}/listing.json: AccessDenied: Access Denied (needs s3:PutObject)`,
    );
  });

  test.each([
    [{}, /runId must be 1-80/],
    [{ runId: '../other' }, /runId must be 1-80 .* got "..\/other"/],
  ])('refuses the event %j', async (event, message) => {
    const handler = load();
    await expect(handler(event, CONTEXT)).rejects.toThrow(message);
  });

  test.each([
    ['REPORT_BUCKET', /^REPORT_BUCKET is not set/],
    ['ORGANIZATIONAL_UNIT_IDS', /^ORGANIZATIONAL_UNIT_IDS is not set/],
  ])('without %s the function fails at cold start, naming it', (name, message) => {
    expect(() => load({ [name]: undefined })).toThrow(message);
  });
});
