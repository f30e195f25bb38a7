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
    reporters: ['default', './vitest-summary-reporter.ts']
  }
})
