import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Tests wait for states, never for time; a loaded two-core machine may take a while to reach
    // one (the harness's WAIT_MS).
    expect: { poll: { timeout: 20_000 } },
    // One browser at a time: these machines have two cores.
    fileParallelism: false,
  },
});
