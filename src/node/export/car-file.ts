import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import { exportCar } from '../../core/car/car-io.ts'
import { writeAtomically } from './atomic-file.ts'
import { SpillSet } from './spill-set.ts'

/**
 * Writes a CAR v1 of `roots` (under a temporary name until complete). The blocks written so far are
 * remembered in a SpillSet under `dataDir/tmp/`, so a whole archive's CAR takes bounded memory.
 */
export async function writeCarFile (blocks: BlockGetter, roots: CID[], path: string, dataDir: string): Promise<void> {
  const visited = await SpillSet.open(dataDir)
  try {
    await writeAtomically(path, async (partial) => { await pipeline(Readable.from(exportCar(blocks, roots, { visited })), createWriteStream(partial)) })
  } finally {
    await visited.close()
  }
}
