import { createReadStream, createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { exportCar, importCar } from '../../../core/car/car-io.ts'
import { stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command } from '../command.ts'
import { printJson } from '../command.ts'
import { parseCidArg } from '../parse-cid.ts'
import { withStore } from '../with-store.ts'
import type { CID } from 'multiformats/cid'
import { ArchiveRegistry } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { isIpnsName } from '../../../core/naming/ipns-name.ts'

/** Export roots: an archive's root (which reaches every version through the ingest log) or a CID. */
async function resolveExportRoots (store: EmbeddedStore, target: string, parseCid: (s: string) => CID): Promise<CID[]> {
  const registry = new ArchiveRegistry(store)
  if (await registry.get(target) != null || isIpnsName(target)) return [(await registry.resolve(target)).rootCid]
  return [parseCid(target)]
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a CAR v1 of an IPARO, any DAG, or a whole archive with its full history',
  usage: 'iparo export <cid|archive> --car out.car',
  options: { car: { type: 'string' } },
  async run (parsed, ctx) {
    const target = parsed.positionals[0]
    const out = stringOption(parsed, 'car')
    if (target == null) throw new UsageError('missing <cid|archive>')
    if (out == null) throw new UsageError('missing --car FILE')
    await withStore(parsed, ctx, async (store) => {
      const roots = await resolveExportRoots(store, target, parseCidArg)
      // Written to a temporary name first: a failed export never leaves a partial CAR behind.
      const partial = `${out}.partial`
      try {
        await pipeline(Readable.from(exportCar(store.blocks, roots)), createWriteStream(partial))
        await rename(partial, out)
      } catch (err) {
        await rm(partial, { force: true })
        throw err
      }
      if (parsed.values.json === true) printJson(ctx, { roots: roots.map(String), car: out })
      else ctx.stdout.write(`exported ${roots.map(String).join(', ')} to ${out}\n`)
    })
  }
}

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
