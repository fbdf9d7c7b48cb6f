import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Credentials } from '../../../tools/moto/clients';
import { awsEnvFor } from '../../../tools/moto/clients';
import { applyEnv } from './env';
import { setMotoAuthorization } from './moto-api';
import { createUser } from '../../../tools/moto/iam-seed';

/**
 * A moto IAM user allowed exactly `actions`, with an access key: once moto's authorization is on,
 * requests signed with it are checked against that policy like real IAM would.
 */
export async function createPrincipal(
  iam: IAMClient,
  name: string,
  actions: readonly string[],
  extraStatements: readonly object[] = [],
): Promise<Credentials> {
  await createUser(iam, name);
  await iam.send(
    new PutUserPolicyCommand({
      UserName: name,
      PolicyName: 'only-these',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }, ...extraStatements],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(`no access key for ${name}`);
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}

/** A role allowed exactly `actions` (any principal of moto may assume it: moto does not check trust). */
export async function createRoleAllowing(
  iam: IAMClient,
  roleName: string,
  actions: readonly string[],
): Promise<void> {
  await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'only-these',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      }),
    }),
  );
}

/**
 * Runs `fn` as `principal` (the SDK environment set to its key), with moto checking every request
 * against its policy; authorization is switched off again afterwards, whatever happens.
 */
export async function asPrincipal<T>(
  endpoint: string,
  principal: Credentials,
  fn: () => Promise<T>,
): Promise<T> {
  await setMotoAuthorization(endpoint, true);
  const restore = applyEnv(awsEnvFor(endpoint, principal));
  try {
    return await fn();
  } finally {
    restore();
    await setMotoAuthorization(endpoint, false);
  }
}
