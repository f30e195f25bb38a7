import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/**/*.spec.ts'],
    setupFiles: ['src/node/polyfills.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './vitest-summary-reporter.ts']
  }
})
