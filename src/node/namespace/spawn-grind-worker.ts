import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** The bundle the CLI launcher builds next to its own (bin/iparo.js: dist/grind-worker.js). */
const BUNDLED = new URL('./grind-worker.js', import.meta.url)
const SOURCE = new URL('./grind-worker.ts', import.meta.url)
/** Run from the TypeScript sources (tests, tsx, benches) rather than from the CLI's bundle. */
const FROM_SOURCE = import.meta.url.startsWith('file:') && import.meta.url.endsWith('.ts')

/** Where a grinding thread's script is, or undefined when there is none (then grinding stays inline). */
export function grindWorkerScript (): URL | undefined {
  if (!import.meta.url.startsWith('file:')) return undefined
  if (FROM_SOURCE) return existsSync(fileURLToPath(SOURCE)) ? SOURCE : undefined
  return existsSync(fileURLToPath(BUNDLED)) ? BUNDLED : undefined
}

/**
 * A grinding thread running `script`. A TypeScript script is loaded through tsx, registered in the
 * thread itself: Node 20 does not apply hooks registered by `--import tsx` in a worker's execArgv to
 * the worker's own entry module (ERR_UNKNOWN_FILE_EXTENSION), so an eval'd bootstrap registers tsx,
 * then imports the script. That start costs ~0.5 s a thread (tsx compiles the modules); the
 * bundle's, ~30 ms.
 */
export function spawnGrindWorker (script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData })
  // the ES module build: the CommonJS one's register() fails to find its own hooks from an eval'd thread
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}) })`
  return new Worker(bootstrap, { eval: true, workerData })
}
