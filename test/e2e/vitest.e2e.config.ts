import { defineConfig } from 'vitest/config';

/** End-to-end suites (Chromium against the real server); kept out of the default `npm test`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
