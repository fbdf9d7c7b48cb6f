import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** SNS and SQS must share a region for the capture subscription; IAM is signed for us-east-1 anyway. */
export const REGION = 'us-east-1';
/** moto's default account: every ARN it mints carries it. */
export const MOTO_ACCOUNT_ID = '123456789012';

/** What Lambda passes the handler; it reads the account id from the function ARN. */
export const LAMBDA_CONTEXT = {
  functionName: 'mfa-auditor',
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT_ID}:function:mfa-auditor`,
};

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** moto accepts any credentials until its IAM authorization mode is switched on. */
export const DUMMY_CREDENTIALS: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * The standard SDK environment that points the product's own clients (created from the
 * environment, as in Lambda) at moto. The metadata service is off so a missing credential fails
 * fast instead of probing 169.254.169.254.
 */
export function awsEnvFor(
  endpoint: string,
  credentials: Credentials = DUMMY_CREDENTIALS,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface Clients {
  readonly iam: IAMClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
}

/** Clients for seeding and capturing, configured explicitly so they never depend on process.env. */
export function clientsFor(endpoint: string, credentials: Credentials = DUMMY_CREDENTIALS): Clients {
  const config = { endpoint, region: REGION, credentials, maxAttempts: 3 };
  return { iam: new IAMClient(config), sns: new SNSClient(config), sqs: new SQSClient(config) };
}

export function destroyClients(clients: Clients): void {
  clients.iam.destroy();
  clients.sns.destroy();
  clients.sqs.destroy();
}
