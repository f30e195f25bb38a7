import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/**
 * The folder of IPARO's own package.json, found by walking up from this module: the same answer whether
 * the code runs from src/ (tsx, tests) or from the dist/cli.js bundle.
 */
export function packageRoot (): string {
  if (cached != null) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'iparo') return (cached = dir)
    const parent = dirname(dir)
    if (parent === dir) throw new Error('the iparo package folder was not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}
