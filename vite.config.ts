import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
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

/** Files the worker never keeps for offline use: its own, its configuration, source maps. */
const NOT_KEPT = /^\/(sw\.js|sw-config\.js|app-files\.js)$|\.map$/

/**
 * `app-files.js`: the SHA-256 of every file of the built app the worker may keep for offline use, and
 * the host page's files themselves. The
 * worker imports it (the browser keeps it with the worker's script, where no page can change it) and
 * serves a kept copy only when it still hashes to this: CacheStorage is writable by archived scripts.
 */
function writeAppFiles (): void {
  const files: Record<string, string> = {}
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) { walk(path); continue }
      const url = `/${relative(OUT_DIR, path).split(sep).join('/')}`
      if (!NOT_KEPT.test(url)) files[url] = createHash('sha256').update(readFileSync(path)).digest('base64')
    }
  }
  walk(OUT_DIR)
  // The replay host page, what it loads and the client script replayed pages load go inside the
  // worker's own files as well: offline, they start from there, whatever the cache holds.
  const embedded: Record<string, string> = {}
  const host = readFileSync(join(OUT_DIR, 'replay.html'), 'utf8')
  for (const path of ['/replay.html', '/replay-client.js', ...[...host.matchAll(/\b(?:src|href)="(\/[^"/][^"]*)"/g)].map(m => m[1] ?? '')]) {
    if (files[path] != null) embedded[path] = readFileSync(join(OUT_DIR, ...path.split('/'))).toString('base64')
  }
  writeFileSync(join(OUT_DIR, 'app-files.js'), `export default ${JSON.stringify(files, null, 1)}\nexport const embedded = ${JSON.stringify(embedded)}\n`)
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
      // the embeddable element other pages load by its URL (docs/embed.md): one module, no chunks
      await buildOne('iparo-replay', `${ROOT}src/embed/iparo-replay.ts`, 'es')
      writeAppFiles()
      // its configuration and the app's hashes stay files of their own, served beside it (sw/sw-config.ts, sw/app-files.ts)
      await buildOne('sw', `${ROOT}sw/sw.ts`, 'es', ['./sw-config.js', './app-files.js'])
    }
  }
}

export default defineConfig({
  root: ROOT,
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { input: { index: `${ROOT}index.html`, replay: `${ROOT}replay.html`, embed: `${ROOT}embed.html` } }
  },
  plugins: [serviceWorker()]
})
