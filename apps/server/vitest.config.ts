import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources, so tests never run stale builds.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Bounds, not measures: the process tests start the real server twice, and tsx compiles the
    // workspace's sources each time, which takes long on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
