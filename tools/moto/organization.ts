import { IAMClient } from '@aws-sdk/client-iam';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './clients';
import { DUMMY_CREDENTIALS, REGION } from './clients';

/** An organization on moto: the caller's account is its management account. */
export interface MotoOrganization {
  readonly organizationId: string;
  /** Member accounts created, by the name given. */
  readonly accounts: Readonly<Record<string, string>>;
}

/** Creates the organization (all features) and one member account per name. */
export async function createOrganization(
  endpoint: string,
  memberNames: readonly string[],
  credentials: Credentials = DUMMY_CREDENTIALS,
): Promise<MotoOrganization> {
  const org = new OrganizationsClient({ endpoint, region: REGION, credentials });
  try {
    const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const organizationId = created.Organization?.Id;
    if (!organizationId) throw new Error('moto created no organization');
    const accounts: Record<string, string> = {};
    for (const name of memberNames) {
      const out = await org.send(
        new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
      );
      const id = out.CreateAccountStatus?.AccountId;
      if (!id) throw new Error(`moto created no account for ${name}`);
      accounts[name] = id;
    }
    return { organizationId, accounts };
  } finally {
    org.destroy();
  }
}

/** Closes a member account (moto marks it SUSPENDED at once). */
export async function closeAccount(endpoint: string, accountId: string): Promise<void> {
  const org = new OrganizationsClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  try {
    await org.send(new CloseAccountCommand({ AccountId: accountId }));
  } finally {
    org.destroy();
  }
}

/**
 * Credentials acting in another account: moto's AssumeRole into any role of that account returns
 * credentials that act on its own state (the role need not exist while authorization is off).
 */
export async function credentialsInAccount(
  endpoint: string,
  accountId: string,
  roleName = 'OrganizationAccountAccessRole',
): Promise<Credentials & { readonly sessionToken?: string }> {
  const sts = new STSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
        RoleSessionName: 'seed',
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`no credentials for ${accountId}`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** An IAM client acting in another account (see credentialsInAccount). */
export async function iamClientInAccount(
  endpoint: string,
  accountId: string,
  roleName = 'OrganizationAccountAccessRole',
): Promise<IAMClient> {
  const credentials = await credentialsInAccount(endpoint, accountId, roleName);
  return new IAMClient({ endpoint, region: REGION, maxAttempts: 3, credentials });
}
