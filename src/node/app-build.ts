import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

// What the app and the service worker are built from (the worker bundles the isomorphic core).
const SOURCES = ['index.html', 'replay.html', 'embed.html', 'src/embed', 'vite.config.ts', 'package.json', 'public', 'sw', 'src/app', 'src/replay-host', 'src/replay-client', 'src/messages', 'src/core']
// Written last by the build (the worker is built once the app is): its time is the build's.
const STAMP = 'dist/app/sw.js'

function newest (path: string): number {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return /\.test\.ts$/.test(path) ? 0 : info.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

/** Whether dist/app is missing or older than a source it is built from. */
export function appIsStale (root: string): boolean {
  const stamp = join(root, STAMP)
  if (!existsSync(stamp)) return true
  const built = statSync(stamp).mtimeMs
  return SOURCES.some(source => newest(join(root, source)) > built)
}

/**
 * Builds the web app and its service worker into dist/app (what `iparo serve` serves) when stale.
 * Vite is a development dependency: `npm start` and `npm test` run where it is installed.
 */
export async function ensureAppBuilt (root: string, log: (line: string) => void = () => {}): Promise<boolean> {
  if (!appIsStale(root)) return false
  log('building the web app and its service worker (vite build → dist/app)')
  const { build } = await import('vite')
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
  return true
}
