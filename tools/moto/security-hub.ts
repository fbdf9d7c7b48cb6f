import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Credentials } from './clients';
import { DUMMY_CREDENTIALS, REGION } from './clients';

/**
 * Every finding moto's Security Hub holds for the caller's account, all pages. moto ignores
 * GetFindings filters, so none is sent: tests select findings themselves.
 */
export async function allFindings(
  endpoint: string,
  credentials: Credentials = DUMMY_CREDENTIALS,
): Promise<AwsSecurityFinding[]> {
  const client = new SecurityHubClient({ endpoint, region: REGION, credentials, maxAttempts: 3 });
  try {
    const findings: AwsSecurityFinding[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetFindingsCommand({ MaxResults: 100, NextToken: token }));
      findings.push(...(page.Findings ?? []));
      token = page.NextToken || undefined;
    } while (token);
    return findings;
  } finally {
    client.destroy();
  }
}
