import { fileURLToPath } from 'node:url'
import { build, defineConfig, type Plugin } from 'vite'

// Absolute paths: `npm start` and the test setup build from wherever they run.
const ROOT = fileURLToPath(new URL('.', import.meta.url))
const OUT_DIR = `${ROOT}dist/app`

/**
 * The service worker is built after the app, as one file at the root of the app (its scope is `/`):
 * a worker cannot load chunks (`import()` is refused in service workers), so nothing is split off.
 */
function serviceWorker (): Plugin {
  return {
    name: 'iparo-service-worker',
    apply: 'build',
    async closeBundle () {
      // The client script replayed pages load first (docs/rewriting.md): a classic script, so it runs
      // before the page's own, at a fixed path the rewriter names. Built before the worker, whose file
      // is the build's time stamp.
      await build({
        configFile: false,
        root: ROOT,
        logLevel: 'warn',
        build: {
          outDir: OUT_DIR,
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          rolldownOptions: {
            input: { 'replay-client': `${ROOT}src/browser/replay-client.ts` },
            output: { format: 'iife', entryFileNames: 'replay-client.js', codeSplitting: false }
          }
        }
      })
      await build({
        configFile: false,
        root: ROOT,
        logLevel: 'warn',
        build: {
          outDir: OUT_DIR,
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          rolldownOptions: {
            input: { sw: `${ROOT}sw/sw.ts` },
            output: { format: 'es', entryFileNames: 'sw.js', codeSplitting: false }
          }
        }
      })
    }
  }
}

export default defineConfig({
  root: ROOT,
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { input: { index: `${ROOT}index.html`, replay: `${ROOT}replay.html` } }
  },
  plugins: [serviceWorker()]
})
