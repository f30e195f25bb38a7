import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bench/results/', 'coverage/', '.vite/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': 'off'
    }
  },
  {
    // The core is isomorphic: no Node built-ins, no DOM-only edges.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/*test-support.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'zlib', 'crypto', 'os', 'stream'], message: 'src/core is isomorphic: inject Node capabilities from src/node.' }, { group: ['**/node/**', '**/cli/**', '**/sw/**', '**/app/**'], message: 'src/core depends on nothing outside itself.' }] }],
      'no-restricted-globals': ['error', 'Buffer', 'process', 'window', 'document', '__dirname']
    }
  }
)
