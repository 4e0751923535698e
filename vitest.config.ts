import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Starts a throwaway MariaDB only when the run selects a test under test/live/.
    globalSetup: ['test/support/mariadb-global-setup.ts'],
  },
});
