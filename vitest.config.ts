import { defineConfig } from 'vitest/config';

// Two projects, so the slow end-to-end tests never share the limits of the quick ones:
// - "main": unit, CLI and live tests. Every child process is asynchronous (test/support/processes.ts),
//   so a worker always answers the runner; the limits leave room for a 2-core machine under load.
// - "slow": the pre-commit install (npm install and a build inside pre-commit), the package test
//   (npm pack, then npm install of the tarball), the GitHub Action's install step (npm ci in the
//   action's folder) and the fuzz run, each in its own forked process
//   with limits of many minutes.
// dist/ is built once by the global setup when it is missing (`npm test` builds first).
const buildSetup = 'test/support/build-global-setup.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: ['test/hooks/**', 'test/fuzz/**', 'test/package/**', 'test/action/action-install.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Starts a throwaway MariaDB only when the run selects a test under test/live/.
          globalSetup: [buildSetup, 'test/support/mariadb-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'slow',
          include: ['test/hooks/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/package/**/*.test.ts', 'test/action/action-install.test.ts'],
          pool: 'forks',
          testTimeout: 900_000,
          hookTimeout: 900_000,
          globalSetup: [buildSetup],
        },
      },
    ],
  },
});
