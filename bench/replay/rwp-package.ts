import { execFile } from 'node:child_process'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { untar } from './untar.ts'

const run = promisify(execFile)

/** The ReplayWeb.page release the bench compares against (its dependencies do not all resolve here: only the built files are used). */
export const RWP_PACKAGE = 'replaywebpage@2.5.x'
const TARBALL = /^replaywebpage-(2\.5\.\d+)\.tgz$/

export interface ReplayWebPage { version: string, tarball: string, files: Map<string, Uint8Array> }

/**
 * ReplayWeb.page's built `sw.js` and `ui.js` (and the rest of its package), read from the tarball that
 * `npm pack` leaves in `cacheDir`; fetched from the npm registry on first use, so a fresh clone needs
 * nothing but the registry.
 */
export async function replayWebPage (cacheDir: string): Promise<ReplayWebPage> {
  await mkdir(cacheDir, { recursive: true })
  let name = (await readdir(cacheDir)).filter(f => TARBALL.test(f)).sort().at(-1)
  if (name == null) {
    const { stdout } = await run('npm', ['pack', RWP_PACKAGE, '--pack-destination', cacheDir, '--json'], { maxBuffer: 1 << 24 })
    name = (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename
    if (name == null || !TARBALL.test(name)) throw new Error(`npm pack ${RWP_PACKAGE} gave no tarball: ${stdout}`)
  }
  const tarball = join(cacheDir, name)
  const files = new Map<string, Uint8Array>()
  for (const [path, bytes] of untar(gunzipSync(await readFile(tarball)))) files.set(path.replace(/^package\//, ''), bytes)
  for (const needed of ['sw.js', 'ui.js']) if (!files.has(needed)) throw new Error(`${tarball} has no ${needed}`)
  return { version: TARBALL.exec(name)?.[1] ?? 'unknown', tarball, files }
}
