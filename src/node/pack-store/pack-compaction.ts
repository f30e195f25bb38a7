import { unlink } from 'node:fs/promises'
import { FLAG_TOMBSTONE } from './key-entry.ts'
import type { KeyIndex } from './key-index.ts'
import { cidOfKey } from './multihash-key.ts'
import type { PackAppender } from './pack-appender.ts'
import { syncDirectory, type PackFolder } from './pack-folder.ts'
import { KIND_BLOCK } from './pack-record.ts'

export interface CompactionResult { packs: number, bytesBefore: number, bytesAfter: number }

/** What compaction works with: the writer's parts (the writer lock is held). */
export interface CompactionContext {
  index: KeyIndex
  folder: PackFolder
  appender: PackAppender
}

/**
 * Rewrites every pack that holds deleted or superseded records into a new pack with only its live
 * blocks, then removes the old packs (oldest first, so a crash in between never revives a deleted
 * block: a tombstone's pack outlives the records it cancels), then merges the index into one run
 * without their entries. Which packs hold garbage comes from the index alone (tombstones and dead
 * marks), streamed: no pack is read to find out. Readers holding an old pack open keep reading it;
 * others find the blocks in the new pack on their next miss.
 */
export async function compactPacks (ctx: CompactionContext): Promise<CompactionResult> {
  const { index, folder, appender } = ctx
  await appender.flushIndex()
  await index.idle()
  const garbage = new Set<number>()
  for await (const g of index.groups()) {
    if (g.winner != null && (g.winner.flags & FLAG_TOMBSTONE) !== 0) garbage.add(g.winner.pack)
    for (const e of g.rest) garbage.add(e.pack)
  }
  const wasteful = [...folder.packs.values()].filter(p => garbage.has(p.id)).sort((a, b) => a.id - b.id)
  if (wasteful.length === 0) return { packs: 0, bytesBefore: 0, bytesAfter: 0 }
  const chosen = new Set(wasteful.map(p => p.id))
  const bytesBefore = wasteful.reduce((n, p) => n + p.end, 0)
  // Copies go to a fresh pack: never into one that is itself being compacted.
  await appender.startPack()
  const target = appender.current
  for await (const g of index.groups()) {
    const w = g.winner
    if (g.key == null || w == null || (w.flags & FLAG_TOMBSTONE) !== 0 || !chosen.has(w.pack)) continue
    appender.append(KIND_BLOCK, cidOfKey(g.key).bytes, await folder.read(w), g.key, w.time)
    if (appender.overHighWater) await appender.waitForRoom()
    await appender.indexHasRoom()
  }
  await appender.flushIndex()
  for (const pack of wasteful) {
    if (pack === target) continue
    await pack.close()
    await unlink(pack.path)
    folder.packs.delete(pack.id)
  }
  await syncDirectory(folder.path)
  // one run without the removed packs' entries, deletes folded into garbage marks
  await index.mergeAll()
  // the copies may have rolled over into further packs
  const bytesAfter = [...folder.packs.values()].filter(p => p.id >= (target?.id ?? Infinity)).reduce((n, p) => n + p.end, 0)
  return { packs: wasteful.length, bytesBefore, bytesAfter }
}
