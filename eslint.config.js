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
  },
  // The browser's four programs, each in its own folder, and who may import whom
  // (docs/replay-origins.md): messages and settings defaults are shared and import no program.
  ...browserBoundaries()
)

function browserBoundaries () {
  const program = (files, forbidden, message, regex) => ({
    files,
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }, ...(regex != null ? [{ regex, message }] : [])] }] }
  })
  return [
    program(['src/app/**/*.ts'], ['**/sw/**', '**/replay-host/**', '**/replay-client/**', '**/node/**'],
      'The app (app origin) talks to the replay origin only through src/messages: it never imports the worker, the host page or the client script.'),
    program(['src/replay-host/**/*.ts'], ['**/app/**', '**/sw/**', '**/replay-client/**', '**/node/**'],
      'The replay host page imports only src/messages: archived scripts can reach it.'),
    program(['sw/**/*.ts'], ['**/app/**', '**/replay-host/**', '**/replay-client/**', '**/node/**'],
      'The worker imports the core and src/messages, never another program.'),
    program(['src/replay-client/**/*.ts'], ['**/app/**', '**/sw/**', '**/replay-host/**', '**/node/**', '**/messages/settings-defaults*', '**/messages/worker-call*'],
      'The client script runs inside archived pages, in their realm: it imports URL rewriting, the report message type and the WebRTC list, nothing it could leak.',
      '^(\\.\\./)+core/(?!rewrite/|replay/replay-path\\.ts$)'),
    program(['src/messages/**/*.ts'], ['**/app/**', '**/sw/**', '**/replay-host/**', '**/replay-client/**', '**/node/**', '**/core/**'],
      'src/messages is shared by the browser programs and belongs to none: it imports nothing of theirs.')
  ]
}
