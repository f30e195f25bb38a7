import { blockKey } from '../../../core/blocks.ts'
import { walkDag } from '../../../core/car/walk-dag.ts'
import { CID } from 'multiformats/cid'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { stringOption } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command } from '../command.ts'
import { printJson } from '../command.ts'
import { withStore } from '../with-store.ts'

export const gcCommand: Command = {
  name: 'gc',
  summary: 'delete blocks no archive reaches (left by a crash or a deleted archive)',
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
      // Blocks written in the last `grace` minutes are kept: an ingest running now has stored blocks
      // that no root reaches yet, and must not lose them.
      const cutoff = Date.now() - grace * 60_000
      const archives = await new ArchiveRegistry(store).list()
      const live = new Set<string>()
      for (const archive of archives) {
        for await (const block of walkDag(store.blocks, [CID.parse(archive.root)])) live.add(blockKey(block.cid))
      }
      let kept = 0
      let deleted = 0
      let recent = 0
      for await (const { cid, mtimeMs } of store.listBlocks()) {
        if (live.has(blockKey(cid))) { kept++; continue }
        if (mtimeMs > cutoff) { recent++; continue }
        if (!dryRun) await store.blocks.delete(cid)
        deleted++
      }
      // Deletes are tombstones until the packs holding them are rewritten without the dead blocks.
      const compacted = dryRun ? { packs: 0, bytesBefore: 0, bytesAfter: 0 } : await store.blockstore.compact()
      const report = { archives: archives.length, reachable: live.size, kept, deleted, keptRecent: recent, dryRun, packsCompacted: compacted.packs, bytesReclaimed: compacted.bytesBefore - compacted.bytesAfter }
      if (parsed.values.json === true) printJson(ctx, report)
      else ctx.stdout.write(`${dryRun ? 'would delete' : 'deleted'} ${deleted} unreachable blocks; kept ${kept} reachable from ${archives.length} archive(s) and ${recent} written in the last ${grace} minutes` + (compacted.packs > 0 ? `; compacted ${compacted.packs} pack(s), ${report.bytesReclaimed} bytes reclaimed` : '') + '\n')
    })
  }
}
