import { GetLoginProfileCommand, ListMFADevicesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { mapWithConcurrency } from '../lambda/core/util/map-with-concurrency';
import type { StrategyOutcome } from './strategy-outcome';

/**
 * The per-user baseline, a lower bound: list the users, then call GetLoginProfile and ListMFADevices
 * for every one of them, 2 calls a user whatever the answer, the fewest a per-user check can make.
 * The per-user tools measured in issue 11 made more (Custodian with live filters 2.7, ScoutSuite
 * 6.3, Prowler 7.0 IAM calls per user). Same client and concurrency as ours, so the difference is
 * the algorithm alone. A user whose
 * calls fail after the SDK's retries is counted as an error and not flagged.
 */
export async function perUserAudit(iam: IAMClient, concurrency: number): Promise<StrategyOutcome> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand({ MaxItems: 1000, Marker: marker }));
    for (const u of page.Users ?? []) if (u.UserName) names.push(u.UserName);
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  let errors = 0;
  const verdicts = await mapWithConcurrency(names, concurrency, async (userName) => {
    try {
      const password = await iam.send(new GetLoginProfileCommand({ UserName: userName })).then(
        () => true,
        (err: unknown) => {
          if ((err as Error).name === 'NoSuchEntityException') return false;
          throw err;
        },
      );
      const mfa = await iam.send(new ListMFADevicesCommand({ UserName: userName }));
      return password && (mfa.MFADevices ?? []).length === 0;
    } catch {
      errors += 1;
      return false;
    }
  });
  return { flagged: names.filter((_, i) => verdicts[i]), errors };
}
