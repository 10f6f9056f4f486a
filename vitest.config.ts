import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Worker threads run bundled code (out/workers/*.cjs): the global set-up builds it first.
    globalSetup: ['test/support/globalSetup.ts'],
    env: { VIGIE_WORKERS_DIR: path.resolve('out/workers') },
    // Real SQLite files, real worker threads and a real keychain: no parallel contention on
    // the two cores of CI beyond what the machine can take.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
