import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'desktop',
    include: ['test/**/*.test.ts'],
    // Server-backed tests start their own embedded PostgreSQL through the server's test setup.
    globalSetup: ['../server/test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
