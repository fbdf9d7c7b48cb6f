// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layering, enforced: each folder of lambda/ is one role, and imports only the roles below it.
 * core (engine + ports) <- aws (adapters), alerts (renderers), settings <- wiring <- handler, cli.
 */
const SDK = ['@aws-sdk/*', '@smithy/*', '@aws-lambda-powertools/*', 'aws-lambda'];
const CDK = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-nag'];
const folder = (name) => [`**/${name}`, `**/${name}/*`, `../${name}/*`, `./${name}/*`];
/** @param {string} files @param {string[]} packages @param {string[]} folders @param {string} why */
const boundary = (files, packages, folders, why) => ({
  files: [files],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(packages.length > 0 ? [{ group: packages, message: why }] : []),
          ...(folders.length > 0 ? [{ group: folders.flatMap(folder), message: why }] : []),
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', '.venv/', 'coverage/', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      'no-console': 'off',
    },
  },
  // Broadest first: a later entry for the same files replaces the rule (flat config).
  boundary('lambda/**/*.ts', CDK, [], 'The Lambda bundle carries no CDK code.'),
  boundary(
    'lambda/core/**/*.ts',
    [...SDK, ...CDK],
    ['aws', 'alerts', 'settings', 'wiring', 'handler', 'cli'],
    'lambda/core is the pure engine and its ports: plain data in and out, no SDK, no adapter, no renderer.',
  ),
  boundary(
    'lambda/alerts/**/*.ts',
    [...SDK, ...CDK],
    ['aws', 'settings', 'wiring', 'handler', 'cli'],
    'lambda/alerts renders and delivers through the ports in lambda/core; it imports no adapter.',
  ),
  boundary(
    'lambda/aws/**/*.ts',
    CDK,
    ['alerts', 'settings', 'wiring', 'handler', 'cli'],
    'lambda/aws adapters implement the ports of lambda/core and know nothing above them.',
  ),
  boundary(
    'lambda/settings/**/*.ts',
    [...SDK, ...CDK],
    ['aws', 'alerts', 'wiring', 'handler', 'cli'],
    'lambda/settings is read by the Lambda, the CLI and the CDK app alike: plain TypeScript only.',
  ),
  boundary(
    'lambda/wiring/**/*.ts',
    CDK,
    ['handler', 'cli'],
    'lambda/wiring connects adapters to the engine for both entry points; it imports neither.',
  ),
  boundary(
    'tools/**/*.ts',
    [],
    ['test'],
    'tools/ is shared by tests, the demo and the bench: it imports nothing from test/.',
  ),
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
