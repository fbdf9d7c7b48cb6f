import {
  AccessDeniedException,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import {
  describeOrganizationId,
  listAccountsUnder,
  listOrganizationAccounts,
} from '../../lambda/aws/organizations';
import { AwsCallError } from '../../lambda/core/errors';

const orgMock = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1' });

afterAll(() => orgMock.restore());
beforeEach(() => orgMock.reset());

const sdkAccount = (id: string, state = 'ACTIVE', name = `n${id.slice(-1)}`) => ({
  Id: id,
  Name: name,
  State: state as 'ACTIVE',
});
const denied = (operation: string) =>
  new AccessDeniedException({
    message: `You don't have permissions to access ${operation}`,
    $metadata: { requestId: 'req-1' },
  });

describe('listOrganizationAccounts', () => {
  test('follows NextToken across pages, keeping each account state and name', async () => {
    orgMock
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [sdkAccount('111111111111')], NextToken: 't1' })
      .on(ListAccountsCommand, { NextToken: 't1' })
      .resolves({ Accounts: [sdkAccount('222222222222', 'SUSPENDED')] });

    const accounts = await listOrganizationAccounts(client);

    expect(accounts).toEqual([
      { id: '111111111111', name: 'n1', status: 'ACTIVE' },
      { id: '222222222222', name: 'n2', status: 'SUSPENDED' },
    ]);
  });

  test('reads the older Status field when State is absent', async () => {
    orgMock.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111111111111', Status: 'ACTIVE' }] });

    expect(await listOrganizationAccounts(client)).toEqual([{ id: '111111111111', status: 'ACTIVE' }]);
  });

  test('a NextToken returned twice stops the listing with an error, not an endless loop', async () => {
    orgMock.on(ListAccountsCommand).resolves({ Accounts: [sdkAccount('111111111111')], NextToken: 'same' });

    await expect(listOrganizationAccounts(client)).rejects.toThrow(
      /ListAccounts returned the same Marker twice/,
    );
    expect(orgMock.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });

  test('a denial names the permission to grant', async () => {
    orgMock.on(ListAccountsCommand).rejects(denied('ListAccounts'));

    const err = await listOrganizationAccounts(client).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'ListAccounts',
      code: 'AccessDeniedException',
      permission: 'organizations:ListAccounts',
      requestId: 'req-1',
    });
  });
});

describe('describeOrganizationId', () => {
  test("returns the organization's id", async () => {
    orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc123' } });

    expect(await describeOrganizationId(client)).toBe('o-abc123');
  });

  test('a denial names organizations:DescribeOrganization', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(denied('DescribeOrganization'));

    await expect(describeOrganizationId(client)).rejects.toMatchObject({
      operation: 'DescribeOrganization',
      permission: 'organizations:DescribeOrganization',
    });
  });
});

describe('listAccountsUnder', () => {
  test('walks nested OUs, paginated, and lists each account once', async () => {
    orgMock
      .on(ListAccountsForParentCommand, { ParentId: 'r-root' })
      .resolves({ Accounts: [sdkAccount('111111111111')] })
      .on(ListAccountsForParentCommand, { ParentId: 'ou-root-aaaaaaaa', NextToken: undefined })
      .resolves({ Accounts: [sdkAccount('222222222222')], NextToken: 'p2' })
      .on(ListAccountsForParentCommand, { ParentId: 'ou-root-aaaaaaaa', NextToken: 'p2' })
      .resolves({ Accounts: [sdkAccount('333333333333')] })
      .on(ListAccountsForParentCommand, { ParentId: 'ou-root-bbbbbbbb' })
      .resolves({ Accounts: [sdkAccount('444444444444')] })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-root' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-root-aaaaaaaa' }] })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-root-aaaaaaaa' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-root-bbbbbbbb' }] })
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-root-bbbbbbbb' })
      .resolves({ OrganizationalUnits: [] });

    // The nested OU is also named directly: still visited once.
    const accounts = await listAccountsUnder(client, ['r-root', 'ou-root-bbbbbbbb']);

    expect(accounts.map((a) => a.id).sort()).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
    expect(orgMock.commandCalls(ListAccountsForParentCommand, { ParentId: 'ou-root-bbbbbbbb' })).toHaveLength(
      1,
    );
  });

  test('a denied OU listing fails the whole listing (a partial account list is never presented as all)', async () => {
    orgMock
      .on(ListAccountsForParentCommand)
      .resolves({ Accounts: [sdkAccount('111111111111')] })
      .on(ListOrganizationalUnitsForParentCommand)
      .rejects(denied('ListOrganizationalUnitsForParent'));

    await expect(listAccountsUnder(client, ['r-root'])).rejects.toMatchObject({
      operation: 'ListOrganizationalUnitsForParent',
      permission: 'organizations:ListOrganizationalUnitsForParent',
    });
  });
});
