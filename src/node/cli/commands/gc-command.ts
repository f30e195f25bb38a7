import { walkDag } from '../../../core/car/walk-dag.ts'
import { CID } from 'multiformats/cid'
import { ArchiveRegistry } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { SpillSet, type SpillSetOptions } from '../../export/spill-set.ts'
import { markPinnedBlocks } from '../../pins/mark-pinned-blocks.ts'
import { PinStore } from '../../pins/pin-store.ts'
import { stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

export const gcCommand: Command = {
  name: 'gc',
  summary: 'delete blocks no archive or pin reaches (left by a crash or a deleted archive)',
  usage: 'iparo gc [--grace-minutes 60] [--dry-run]',
  options: { 'grace-minutes': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run (parsed, ctx) {
    const grace = Number(stringOption(parsed, 'grace-minutes') ?? '60')
    if (!Number.isFinite(grace) || grace < 0) throw new UsageError('--grace-minutes takes a number of minutes')
    const dryRun = parsed.values['dry-run'] === true
    await withStore(parsed, ctx, async (store) => {
      // No root moves while gc decides what is reachable and deletes the rest: an ingest could otherwise
      // publish a root that reuses a block gc has just judged unreachable.
      await store.locks.archives.hold()
      // Nor is a pin marked `pinned` meanwhile: the pin worker checks its DAG is whole under this lock
      // (src/node/pins/pin-store.ts), so a block gc deletes now is fetched again rather than missed.
      const pins = new PinStore(store)
      await pins.gcLock.hold()
      try {
        await collect(store, pins, { grace, dryRun, json: parsed.values.json === true }, ctx)
      } finally {
        await pins.gcLock.release()
      }
    })
  }
}

export interface GcOptions {
  grace: number
  dryRun: boolean
  json: boolean
  /** how the live and visited sets spill (tests make them spill early) */
  spill?: SpillSetOptions
}

/** gc's work, under the locks `run` takes. */
export async function collect (store: EmbeddedStore, pins: PinStore, options: GcOptions, ctx: CommandContext): Promise<void> {
  const { grace, dryRun } = options
  // Blocks written in the last `grace` minutes are kept: an ingest running now has stored blocks
  // that no root reaches yet, and must not lose them.
  const cutoff = Date.now() - grace * 60_000
  // Both sets are exact and spill to the data folder: a block is deleted only when its multihash is
  // surely absent from `live`, never on a filter's guess.
  const live = await SpillSet.open(store.dir, options.spill)
  const visited = await SpillSet.open(store.dir, options.spill)
  let kept = 0
  let deleted = 0
  let recent = 0
  let marked: { archives: number, pinRoots: number }
  try {
    marked = await markLive(store, pins, live, visited)
    await visited.close()
    for await (const { cid, mtimeMs } of store.listBlocks()) {
      if (await live.has(cid.multihash.bytes)) { kept++; continue }
      if (mtimeMs > cutoff) { recent++; continue }
      if (!dryRun) await store.blocks.delete(cid)
      deleted++
    }
  } finally {
    await visited.close()
    await live.close()
  }
  // Deletes are tombstones until the packs holding them are rewritten without the dead blocks.
  const compacted = dryRun ? { packs: 0, bytesBefore: 0, bytesAfter: 0 } : await store.blockstore.compact()
  const report = { archives: marked.archives, pins: marked.pinRoots, reachable: live.size, kept, deleted, keptRecent: recent, dryRun, packsCompacted: compacted.packs, bytesReclaimed: compacted.bytesBefore - compacted.bytesAfter }
  if (options.json) printJson(ctx, report)
  else ctx.stdout.write(`${dryRun ? 'would delete' : 'deleted'} ${deleted} unreachable blocks; kept ${kept} reachable from ${marked.archives} archive(s) and ${marked.pinRoots} pinned root(s), and ${recent} written in the last ${grace} minutes` + (compacted.packs > 0 ? `; compacted ${compacted.packs} pack(s), ${report.bytesReclaimed} bytes reclaimed` : '') + '\n')
}

/**
 * Adds to `live` (keys: multihash bytes) every block an archive reaches (whole DAGs: a missing block is
 * an error) or a pin reaches (as far as held). One walk of all archives: what one archive shares with
 * another is walked once (`visited`).
 */
async function markLive (store: EmbeddedStore, pins: PinStore, live: SpillSet, visited: SpillSet): Promise<{ archives: number, pinRoots: number }> {
  const archives = await new ArchiveRegistry(store).list()
  for (const archive of archives) {
    for await (const block of walkDag(store.blocks, [CID.parse(archive.root)], { visited })) await live.add(block.cid.multihash.bytes)
  }
  const roots = await pins.roots()
  await markPinnedBlocks(store, roots, live)
  return { archives: archives.length, pinRoots: roots.length }
}
