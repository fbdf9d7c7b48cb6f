// The AWS SDK warns once per module load on Node 20; jest loads it once per test file. Workers
// inherit this environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The handlers write their CloudWatch metrics (EMF) to stdout, around jest's console capture; the
// tests that check that output turn it back on for themselves (test/aws/emf-metrics.test.ts).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// Two tiers, both run by `npm test` (the README's command, and what .ci/run calls):
// - unit (`npm run test:unit`): in-process only, no server, no esbuild (test/lib synthesises with
//   bundling skipped, test/lib/stack-fixture.ts); under a minute on 2 cores.
// - integration (`npm run test:integration`): the moto server, the real `cdk deploy` with the real
//   bundle (test/integration/deploy.test.ts), and the simulated 5,000-user account (test/scale).
// The moto server and the deploy make some suites slow; a hang still fails.
const testTimeout = 120000;

/** @type {import('jest').Config} */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout,
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/', '<rootDir>/test/scale/'],
    },
    {
      ...shared,
      displayName: 'integration',
      // test/scale needs no server, but its audits of a simulated 5,000-user account (throttled,
      // on a virtual clock) take 20-30 s of one core: a whole-account test, not a unit one.
      roots: ['<rootDir>/test/integration', '<rootDir>/test/scale'],
      // Installs the pinned moto into .venv when needed, once per run; each test file then starts
      // its own moto server (test/integration/support/use-moto.ts), so files may run in parallel.
      globalSetup: '<rootDir>/test/integration/support/global-setup.ts',
    },
  ],
};
