import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRoleCredentials, auditSessionName, callerIdentity } from '../../lambda/aws/member-credentials';
import { AwsCallError } from '../../lambda/core/errors';

const stsMock = mockClient(STSClient);
const sts = new STSClient({ region: 'us-east-1' });
const ROLE = 'arn:aws:iam::222222222222:role/MfaAuditorReadRole';

afterAll(() => stsMock.restore());
beforeEach(() => stsMock.reset());

const credentials = (expiration: Date) => ({
  Credentials: {
    AccessKeyId: 'AKIA',
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: expiration,
  },
});

describe('assumeRoleCredentials', () => {
  test('assumes the role at once and hands the credentials out while they are fresh', async () => {
    stsMock.on(AssumeRoleCommand).resolves(credentials(new Date(Date.now() + 3_600_000)));

    const provider = await assumeRoleCredentials(sts, ROLE, 'mfa-auditor-test');
    const first = await provider();
    await provider();

    expect(first).toMatchObject({ accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token' });
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: 'mfa-auditor-test',
      DurationSeconds: 3600,
    });
  });

  test('assumes the role again when the credentials near expiry', async () => {
    stsMock
      .on(AssumeRoleCommand)
      .resolvesOnce(credentials(new Date(Date.now() + 60_000)))
      .resolves(credentials(new Date(Date.now() + 3_600_000)));

    const provider = await assumeRoleCredentials(sts, ROLE, 'mfa-auditor-test');
    await provider();

    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  test('a role that cannot be assumed fails at once, naming the role and sts:AssumeRole', async () => {
    stsMock.on(AssumeRoleCommand).rejects(
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message:
          'User: arn:aws:sts::111111111111:assumed-role/auditor/x is not authorized to perform: sts:AssumeRole',
        $metadata: { requestId: 'req-9' },
      }),
    );

    const err = await assumeRoleCredentials(sts, ROLE, 'mfa-auditor-test').catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AwsCallError);
    expect(err).toMatchObject({
      operation: 'AssumeRole',
      code: 'AccessDenied',
      permission: 'sts:AssumeRole',
      requestId: 'req-9',
    });
    expect((err as Error).message).toMatch(
      new RegExp(`^${ROLE}: AccessDenied: .* \\(needs sts:AssumeRole\\)$`),
    );
  });
});

test('callerIdentity reads the account and the partition', async () => {
  stsMock
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '111111111111', Arn: 'arn:aws-us-gov:sts::111111111111:assumed-role/r/s' });

  expect(await callerIdentity(sts)).toEqual({ accountId: '111111111111', partition: 'aws-us-gov' });
});

test('auditSessionName is a valid RoleSessionName', () => {
  const name = auditSessionName(new Date('2026-12-03T06:00:00.123Z'));

  expect(name).toBe('mfa-auditor-2026-12-03T06-00-00-123Z');
  expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
});
