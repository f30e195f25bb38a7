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
