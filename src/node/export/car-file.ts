import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import { exportCar } from '../../core/car/car-io.ts'
import { writeAtomically } from './atomic-file.ts'

/** Writes a CAR v1 of `roots` (under a temporary name until complete). */
export async function writeCarFile (blocks: BlockGetter, roots: CID[], path: string): Promise<void> {
  await writeAtomically(path, async (partial) => { await pipeline(Readable.from(exportCar(blocks, roots)), createWriteStream(partial)) })
}
