import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Bytes of every file under `dir` (0 when it does not exist): what a data folder stores. */
export async function folderBytes (dir: string): Promise<number> {
  if (!existsSync(dir)) return 0
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size
  }
  return total
}
