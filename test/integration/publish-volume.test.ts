import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { main } from '../../lambda/cli/main';
import { SNS_MAX_MESSAGE_BYTES } from '../../lambda/alerts/message-size';
import { recordPublishes } from '../../scripts/demo/publish-recorder';
import { recordingIo } from './support/cli-io';
import { deliveredViolators, parseDeliveredReports } from './support/delivered-report';
import type { SeedUser } from '../../tools/moto/iam-seed';
import { seedUsers } from '../../tools/moto/iam-seed';
import { createTopicWithCapture } from '../../tools/moto/sns-capture';
import { useMoto } from './support/use-moto';

const moto = useMoto();
const USERS = 3000;

/** A third violate (long names, special characters), a third have MFA, a third no password. */
function population(): SeedUser[] {
  return Array.from({ length: USERS }, (_, i): SeedUser => {
    const name = `${i % 3 === 0 ? 'contractor.' : 'user-'}${String(i).padStart(4, '0')}+eu=ops@example.com`;
    const path = `/division-${i % 5}/team-${i % 11}/`;
    if (i % 3 === 0) return { name, path, password: 'active' };
    if (i % 3 === 1) return { name, path, password: 'active', mfa: 'virtual' };
    return { name, path };
  });
}

describe(`--topic-arn with ${USERS} users of whom ${USERS / 3} violate`, () => {
  let published: PublishCommandInput[];
  beforeAll(() => {
    published = recordPublishes();
  });

  it('delivers every violating user exactly once to an SQS subscriber, no message over 256 KiB', async () => {
    const users = population();
    const violators = users.filter((_, i) => i % 3 === 0).map((u) => u.name);
    await seedUsers(moto.clients.iam, users, 16);
    const capture = await createTopicWithCapture(moto.clients, 'mfa-audit-volume');
    const io = recordingIo();

    const code = await main(['--json', '--topic-arn', capture.topicArn, '--concurrency', '16'], io);

    expect(code).toBe(2);
    expect(published.length).toBeGreaterThan(1); // the findings do not fit one message
    for (const p of published) {
      const bytes = Buffer.byteLength(p.Message ?? '') + Buffer.byteLength(p.Subject ?? '');
      expect(bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    }
    const delivered = parseDeliveredReports(await capture.receiveAll({ atLeast: published.length }));
    expect(delivered).toHaveLength(published.length);
    // deliveredViolators also checks that parts 1..n each arrived once.
    const names = deliveredViolators(delivered);
    expect(names).toEqual([...violators].sort());
    expect(new Set(names).size).toBe(violators.length);
  });
});
