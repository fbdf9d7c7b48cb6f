import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { Account } from '@aws-sdk/client-organizations';
import type { MemberAccount } from '../core/organization';
import type { ApiCallCounter } from './api-call-counter';
import { describeAwsError } from './describe-aws-error';
import { forEachNextTokenPage } from './paginate';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/**
 * Most pages one organization listing may take: ListAccounts gives 20 accounts a page, and an
 * organization holds at most a few tens of thousands of accounts.
 */
const MAX_ORGANIZATION_PAGES = 5_000;

/** Organizations is a global service whose endpoint is in us-east-1 (aws partition). */
export function createOrganizationsClient(counter: ApiCallCounter): OrganizationsClient {
  const client = new OrganizationsClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 10,
    requestHandler: requestHandlerOptions(),
  });
  return counter.attach(retryUnreadableResponses(client));
}

/** The organization's id (`o-...`). Throws AwsCallError (e.g. AWSOrganizationsNotInUseException). */
export async function describeOrganizationId(
  client: OrganizationsClient,
  abortSignal?: AbortSignal,
): Promise<string> {
  try {
    const out = await client.send(new DescribeOrganizationCommand({}), { abortSignal });
    const id = out.Organization?.Id;
    if (!id) throw new Error('DescribeOrganization returned no organization id');
    return id;
  } catch (err) {
    throw describeAwsError('organizations', 'DescribeOrganization', err);
  }
}

/** Every account of the organization, whatever its state (paginated ListAccounts). */
export async function listOrganizationAccounts(
  client: OrganizationsClient,
  abortSignal?: AbortSignal,
): Promise<MemberAccount[]> {
  const accounts: MemberAccount[] = [];
  try {
    await forEachNextTokenPage(
      'ListAccounts',
      (token) => client.send(new ListAccountsCommand({ NextToken: token }), { abortSignal }),
      (page) => accounts.push(...(page.Accounts ?? []).map(memberAccount)),
      MAX_ORGANIZATION_PAGES,
    );
  } catch (err) {
    throw describeAwsError('organizations', 'ListAccounts', err);
  }
  return accounts;
}

/**
 * Every account under the given roots or OUs, nested OUs included (ListAccountsForParent and
 * ListOrganizationalUnitsForParent, paginated), each once.
 */
export async function listAccountsUnder(
  client: OrganizationsClient,
  parentIds: readonly string[],
  abortSignal?: AbortSignal,
): Promise<MemberAccount[]> {
  const accounts = new Map<string, MemberAccount>();
  const visited = new Set<string>();
  const queue = [...parentIds];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    if (visited.has(parent)) continue;
    visited.add(parent);
    const ParentId = parent;
    try {
      await forEachNextTokenPage(
        'ListAccountsForParent',
        (token) =>
          client.send(new ListAccountsForParentCommand({ ParentId, NextToken: token }), { abortSignal }),
        (page) => (page.Accounts ?? []).map(memberAccount).forEach((a) => accounts.set(a.id, a)),
        MAX_ORGANIZATION_PAGES,
      );
    } catch (err) {
      throw describeAwsError('organizations', 'ListAccountsForParent', err);
    }
    try {
      await forEachNextTokenPage(
        'ListOrganizationalUnitsForParent',
        (token) =>
          client.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken: token }), {
            abortSignal,
          }),
        (page) => queue.push(...(page.OrganizationalUnits ?? []).flatMap((ou) => (ou.Id ? [ou.Id] : []))),
        MAX_ORGANIZATION_PAGES,
      );
    } catch (err) {
      throw describeAwsError('organizations', 'ListOrganizationalUnitsForParent', err);
    }
  }
  return [...accounts.values()];
}

function memberAccount(a: Account): MemberAccount {
  if (!a.Id) throw new Error(`Organizations listed an account without an id: ${JSON.stringify(a)}`);
  // `State` replaces the deprecated `Status` (2025); either may be the one an endpoint sends.
  const state = a.State ?? a.Status ?? 'UNKNOWN';
  return { id: a.Id, status: state, ...(a.Name ? { name: a.Name } : {}) };
}
