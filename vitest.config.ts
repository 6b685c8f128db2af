import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Four test tiers (see README "Tests"):
 *   unit         *.test.ts next to the code — no services, no network.
 *   integration  *.int.test.ts and tests/integration — real Redis, each test in its own key prefix.
 *   faults       tests/faults — real worker processes (two at once, killed with SIGKILL) against real Redis; one
 *                file at a time, as each runs its own worker processes on a two-core machine.
 *   e2e          tests/e2e — the whole stack and a real Chromium.
 * Workspace packages resolve to their TypeScript sources through the `@benchline/source` export condition, so
 * tests never run against stale builds.
 */
const conditions = ['@benchline/source', ...defaultServerConditions];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,workers,server,client,tools}/src/**/*.test.ts', 'tests/bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            '{shared,workers,server,client,tools}/src/**/*.int.test.ts',
            'tests/integration/**/*.test.ts',
            'tests/security/**/*.test.ts',
          ],
          environment: 'node',
          globalSetup: ['tests/support/global-setup-redis.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup-redis.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup-redis.ts', 'tests/support/global-setup-client.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
