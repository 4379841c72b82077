import next from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', '.data/**', '.test-data/**', 'next-env.d.ts'],
  },
  {
    rules: {
      // Configuration is read once, in server/config.ts; everything else receives it.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through server/config.ts.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.test.ts', 'server/config.ts', 'scripts/**', 'bin/**', 'e2e/**', 'playwright.config.ts', 'vitest.config.ts', 'server/testing/**', 'server/cli/**', 'instrumentation.ts', 'bench/**', '.ci/**', 'sandbox/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
];

export default config;
