import { defineProject } from 'vitest/config';

// Repository-level tests: architecture boundaries, CI and tooling scripts.
export default defineProject({
  test: { name: 'repo', include: ['**/*.test.ts'] },
});
