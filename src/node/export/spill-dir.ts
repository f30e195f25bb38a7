import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { processAlive } from '../process-alive.ts'

/**
 * A new folder for one command's spilled data, under the data folder's `tmp/` (the disk the blocks are
 * on, not a RAM-backed /tmp). Folders left by a process that died are removed first: their pid is in
 * their name.
 */
export async function makeSpillDir (dataDir: string, kind: string): Promise<string> {
  const tmp = join(dataDir, 'tmp')
  await mkdir(tmp, { recursive: true })
  for (const name of await readdir(tmp)) {
    const pid = Number(/^spill-[a-z]+-(\d+)-/.exec(name)?.[1] ?? NaN)
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) await rm(join(tmp, name), { recursive: true, force: true })
  }
  return mkdtemp(join(tmp, `spill-${kind}-${process.pid}-`))
}
