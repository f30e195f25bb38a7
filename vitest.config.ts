import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sw/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.spec.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    setupFiles: ['src/node/polyfills.ts'],
    testTimeout: 60_000,
    // e2e hooks ingest fixtures and start nodes and browsers: on a busy 2-core machine that takes tens of seconds
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at once on the 2-core CI machine (vitest's default there is one): the suite's wall time
    // went from ~870 s to ~300 s (e2e specs wait on browsers and child processes as much as they compute)
    maxWorkers: 2,
    reporters: ['default', './vitest-summary-reporter.ts']
  }
})
