#!/usr/bin/env node
// Runs the CLI from a bundle of its TypeScript sources and their dependencies (dist/cli.js), rebuilt with
// esbuild whenever a source file or the installed packages are newer, so there is no build step between
// `npm install` and `npx iparo`, and an edit is never run stale. The bundle starts in a third of the time
// and memory of loading the sources through tsx, which stays the fallback when esbuild cannot run; with
// the dependencies inside it, loading takes 80 ms instead of 250 ms (no module resolution).
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bundle = `${root}dist/cli.js`

function newest (dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) latest = Math.max(latest, newest(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(path).mtimeMs)
  }
  return latest
}

function isFresh () {
  try {
    // this launcher too: it holds the build settings
    const installed = ['bin/iparo.js', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json']
      .map(f => { try { return statSync(`${root}${f}`).mtimeMs } catch { return 0 } })
    return statSync(bundle).mtimeMs >= Math.max(newest(`${root}src`), ...installed)
  } catch {
    return false
  }
}

/**
 * multiformats' sha2 module, wherever the bundle imports it (the core, ipfs-unixfs-importer), becomes
 * src/node/node-sha2.ts: the same hashers on crypto.hash, one call per digest instead of a Hash object.
 * Copies of multiformats nested under another package keep their own (its Hasher class may differ).
 */
const nodeSha2 = {
  name: 'node-sha2',
  setup (build) {
    build.onResolve({ filter: /^multiformats\/hashes\/sha2$/ }, (args) => {
      if (/node_modules[\\/].+[\\/]node_modules[\\/]/.test(args.importer)) return undefined
      return { path: `${root}src/node/node-sha2.ts` }
    })
  }
}

/**
 * @achingbrain/ssdp (under libp2p's UPnP) reads its own package.json through a createRequire'd
 * `req('../../package.json')`, which no longer resolves once bundled into dist/: the bundle then
 * failed to load and every command fell back to tsx (~1.7 s to start). The file's name and version
 * are put in its place.
 */
const ssdpPackageJson = {
  name: 'ssdp-package-json',
  setup (build) {
    build.onLoad({ filter: /@achingbrain[\\/]ssdp[\\/]dist[\\/]src[\\/]ssdp\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises')
      const source = await readFile(args.path, 'utf8')
      const { name, version } = JSON.parse(await readFile(new URL('../../package.json', `file://${args.path}`), 'utf8'))
      return { contents: source.replace(/req\((['"])\.\.\/\.\.\/package\.json\1\)/, JSON.stringify({ name, version })), loader: 'js' }
    })
  }
}

async function build () {
  const { build } = await import('esbuild')
  // Written aside and renamed: concurrent invocations never load a half-written bundle. The CLI's
  // bundle goes last: its time is what isFresh compares.
  const partial = `${root}dist/.build-${process.pid}`
  mkdirSync(partial, { recursive: true })
  await build({
    entryPoints: {
      cli: `${root}src/node/cli/main.ts`,
      // the ingest's parsing thread (src/node/ingest/parse-in-worker.ts looks for it next to cli.js)
      'warc-parse-worker': `${root}src/node/ingest/warc-parse-worker.ts`,
      // `ingest --namespace`'s grinding threads (src/node/namespace/spawn-grind-worker.ts)
      'grind-worker': `${root}src/node/namespace/grind-worker.ts`
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies call require() for Node built-ins: give the ES module bundle one.
    banner: { js: "import { createRequire as __iparoRequire } from 'node:module'; const require = __iparoRequire(import.meta.url);" },
    // vite (only `iparo start`'s app build uses it) is a development dependency loaded when needed:
    // bundled, its optional imports fail the whole build and every run falls back to tsx.
    external: ['vite'],
    plugins: [nodeSha2, ssdpPackageJson],
    outdir: partial,
    logLevel: 'silent'
  })
  renameSync(`${partial}/warc-parse-worker.js`, `${root}dist/warc-parse-worker.js`)
  renameSync(`${partial}/grind-worker.js`, `${root}dist/grind-worker.js`)
  renameSync(`${partial}/cli.js`, bundle)
  rmSync(partial, { recursive: true, force: true })
}

/**
 * On 2 cores or fewer, V8's background work competes for the cores with the ingest's own thread and the
 * thread pool that inflates, so an ingest runs with less of it (bench/README.md, 222 MB bench crawl):
 * - one background thread instead of four (JIT compilation, GC): ~10% less time;
 * - no inlining in TurboFan: its compilations took ~1 s of CPU (about a third of an ingest's), and a
 *   third less without inlining; the ingest's own thread is no slower (~8% less wall time, ~14% less CPU);
 * - no allocation-site pretenuring: V8 kept flipping its decision for the sites that build captures (most
 *   survive one collection, not two), and every flip threw away the optimized code of the functions
 *   that allocate there (recordToCapture, storeRequest, append…), to compile it again: half of the
 *   ingest's "code dependencies" deoptimizations; ~10% less CPU off the main thread.
 * All three are fixed when Node starts, so an ingest re-runs the launcher once with them; the child's
 * exit is this process's. `IPARO_INGEST_REEXEC=1` or `0` forces it either way (tests of the pair).
 *
 * The child is the writer, so it must not outlive this process: a supervisor that kill -9s a stuck
 * ingest (this pid) would otherwise get a second writer when it starts the next. They share an IPC
 * channel, which the kernel closes when this process dies however it dies; the child ends on its
 * 'disconnect' (endWithParent). Nothing is sent on it, so it costs the ingest nothing.
 */
async function reexecForIngest () {
  const { availableParallelism } = await import('node:os')
  const forced = process.env.IPARO_INGEST_REEXEC
  if (forced === '0' || (forced !== '1' && availableParallelism() > 2) || !process.argv.slice(2).includes('ingest')) return false
  if (process.execArgv.some(a => a.startsWith('--v8-pool-size'))) return false
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, [...process.execArgv, '--v8-pool-size=1', '--no-turbo-inlining', '--no-allocation-site-pretenuring', ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, IPARO_END_WITH_PARENT: '1' }
  })
  // Passed on (a Ctrl-C at a terminal reaches both already: a second one changes nothing); this process
  // waits for the child, then ends as it did.
  const forward = (signal) => child.kill(signal)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward)
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (c, s) => resolve([c, s]))
  })
  if (signal != null) {
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  }
  process.exitCode = code ?? 1
  return true
}

/**
 * In the re-run child: end when the parent's IPC channel closes (the parent died, even by SIGKILL).
 * The exit is immediate, as if this process had been killed too (the store tolerates that), but its
 * 'exit' handlers still release the data folder's locks, so the next writer need not even check a pid.
 */
function endWithParent () {
  if (process.env.IPARO_END_WITH_PARENT !== '1') return
  delete process.env.IPARO_END_WITH_PARENT
  // Loading this ES module already ran the event loop: a parent that died during the child's start has
  // had its 'disconnect' emitted before anyone listened, and the channel is gone.
  if (!process.connected || process.channel == null) process.exit(129)
  // unref: the channel alone must not keep the child running once its work is done
  process.channel.unref()
  process.on('disconnect', () => { process.exit(129) })
}

let cli
endWithParent()
if (await reexecForIngest()) process.exit()
try {
  if (!isFresh()) await build()
  cli = await import(bundle)
} catch (err) {
  // a bundle that builds but does not load is a bug, not a reason to run slower: tests ask to see it
  if (process.env.IPARO_REQUIRE_BUNDLE === '1') throw err
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import('../src/node/cli/main.ts')
}
await cli.main()
