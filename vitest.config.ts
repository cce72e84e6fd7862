import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites start servers on loopback; a second worker keeps the run short on 2 cores.
    maxWorkers: 2,
    // Processes the tests spawn inherit these: nothing remembered by one test reaches another's
    // report, and no test writes into the checkout. Memory tests choose their backend themselves.
    env: { MEMORY_BACKEND: 'in-memory', DATA_DIR: mkdtempSync(join(tmpdir(), 'sre-agent-test-data-')) },
    // CI also writes a JSON report, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
