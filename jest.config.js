// The AWS SDK warns once per module load on Node 20; jest loads it once per test file. Workers
// inherit this environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// CDK synth and the moto server make some suites slow; a hang still fails.
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
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      // Installs the pinned moto into .venv when needed, once per run; each test file then starts
      // its own moto server (test/integration/support/use-moto.ts), so files may run in parallel.
      globalSetup: '<rootDir>/test/integration/support/global-setup.ts',
    },
  ],
};
