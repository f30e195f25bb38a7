import { createReadStream } from 'node:fs'
import { importCar } from '../../../core/car/car-io.ts'
import { UsageError } from '../cli-error.ts'
import type { Command } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

/** `iparo export` (CAR, WARC, WACZ, CDXJ) lives in export-command.ts; re-exported here, where main.ts imports it. */
export { exportCommand } from './export-command.ts'

export const importCommand: Command = {
  name: 'import',
  summary: 'import a CAR v1: every block verified first, nothing stored unless all verify',
  usage: 'iparo import in.car',
  options: {},
  async run (parsed, ctx) {
    const file = parsed.positionals[0]
    if (file == null) throw new UsageError('missing CAR file')
    await withStore(parsed, ctx, async (store) => {
      // Imported blocks that are already here are not written again: gc must not delete them meanwhile.
      await store.locks.archives.hold()
      const result = await importCar(() => createReadStream(file) as AsyncIterable<Uint8Array>, store.blocks)
      const summary = { roots: result.roots.map(String), blocks: result.blocks, newBlocks: result.newBlocks, bytes: result.bytes }
      if (parsed.values.json === true) printJson(ctx, summary)
      else ctx.stdout.write(`imported ${summary.blocks} blocks (${summary.newBlocks} new, ${summary.bytes} bytes), roots ${summary.roots.join(', ')}\n`)
    })
  }
}
