import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'sw/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.spec.ts'],
    globalSetup: ['e2e/support/global-setup.ts'],
    setupFiles: ['src/node/polyfills.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './vitest-summary-reporter.ts']
  }
})
