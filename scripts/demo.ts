import { startMotoServer } from '../tools/moto/moto-server';
import type { MotoServer } from '../tools/moto/moto-server';
import { MotoSetupError } from '../tools/moto/python-venv';
import { DEMO_ACCOUNT } from './demo/account';
import { recordPublishes } from './demo/publish-recorder';
import { renderSections } from './demo/sections';
import { awsEnvFor, clientsFor, destroyClients, LAMBDA_CONTEXT } from '../tools/moto/clients';
import { seedUsers } from '../tools/moto/iam-seed';
import { allFindings } from '../tools/moto/security-hub';
import { createTopicWithCapture } from '../tools/moto/sns-capture';

/**
 * `npm run demo`: the real Lambda handler, scheduled path, against a seeded moto account, showing
 * what people would see. Needs Node.js and python3 only; moto is installed into .venv on first use.
 */
async function demo(moto: MotoServer): Promise<number> {
  const clients = clientsFor(moto.endpoint);
  try {
    progress(`Seeding ${DEMO_ACCOUNT.length} IAM users and an SNS topic with an SQS subscriber...`);
    await seedUsers(clients.iam, DEMO_ACCOUNT);
    const capture = await createTopicWithCapture(clients, 'mfa-audit-findings');

    // The handler reads its configuration once, at import, like a Lambda cold start: import it only
    // now. (Dynamic imports spell the extension under node16 resolution; tsx maps it to the .ts.)
    Object.assign(process.env, awsEnvFor(moto.endpoint), {
      TOPIC_ARN: capture.topicArn,
      // Alert on every run; the deployed default (`changes`) keeps state in DynamoDB.
      NOTIFY: 'always',
      // Findings also go to the emulated account's Security Hub (section 5 shows one).
      SECURITY_HUB: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // Its CloudWatch metrics (EMF) would land in the middle of the demo's output.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    delete process.env.STATE_TABLE;
    const published = recordPublishes();
    const { handler } = await import('../lambda/handler/handler.js');
    progress('Running the Lambda handler as the schedule would (event {})...\n');
    const report = await handler({}, LAMBDA_CONTEXT);
    const delivered = await capture.receiveAll({ atLeast: 1 });
    const findings = await allFindings(moto.endpoint);

    process.stdout.write(renderSections({ report, delivered, published, findings }));
    return 0;
  } finally {
    destroyClients(clients);
  }
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function run(): Promise<number> {
  progress('Starting the moto AWS emulator...');
  const moto = await startMotoServer({ onInstall: progress });
  // Ctrl-C: stop moto before leaving (it would also exit with us, see tools/moto/moto-server.ts).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void moto.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  try {
    return await demo(moto);
  } finally {
    await moto.stop();
  }
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A setup failure says what to do; a stack trace would only bury that.
    const text = err instanceof MotoSetupError ? err.message : err instanceof Error ? err.stack : String(err);
    process.stderr.write(`demo failed: ${text ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
