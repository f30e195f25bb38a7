import { fileURLToPath } from 'node:url'
import { build, defineConfig, type Plugin } from 'vite'

// Absolute paths: `npm start` and the test setup build from wherever they run.
const ROOT = fileURLToPath(new URL('.', import.meta.url))
const OUT_DIR = `${ROOT}dist/app`

/**
 * One entry as one file at the root of the app, nothing split off: a service worker cannot load chunks
 * (`import()` is refused in service workers) and its scope is `/`.
 */
async function buildOne (name: string, input: string, format: 'es' | 'iife', external: string[] = []): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      outDir: OUT_DIR,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: true,
      rolldownOptions: { input: { [name]: input }, external, output: { format, entryFileNames: `${name}.js`, codeSplitting: false } }
    }
  })
}

/** The client script and the service worker, built after the app. */
function serviceWorker (): Plugin {
  return {
    name: 'iparo-service-worker',
    apply: 'build',
    async closeBundle () {
      // The client script replayed pages load first (docs/rewriting.md): a classic script, so it runs
      // before the page's own, at a fixed path the rewriter names. Built before the worker, whose file
      // is the build's time stamp.
      await buildOne('replay-client', `${ROOT}src/replay-client/replay-client.ts`, 'iife')
      // its configuration stays a file of its own, served beside it (sw/sw-config.ts)
      await buildOne('sw', `${ROOT}sw/sw.ts`, 'es', ['./sw-config.js'])
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
