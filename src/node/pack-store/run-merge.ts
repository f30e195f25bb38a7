import { compareEntries, FLAG_DEAD, FLAG_TOMBSTONE, FLAG_FULL, keyOfFullEntry, type KeyEntry, type Position } from './key-entry.ts'

/** Resolves a non-FULL entry's key by reading its record's CID (undefined: its pack is gone). */
export type KeyOf = (e: KeyEntry) => string | undefined

/** One key's entries, newest first: `winner` is the first that is not dead (a block or a tombstone). */
export interface KeyGroup { key: string | undefined, winner?: KeyEntry, rest: KeyEntry[] }

/**
 * Stream-merges sorted entry sources given newest first (memtable, then runs from the newest), one key
 * at a time. Memory: one head entry per source plus one fingerprint's entries.
 */
export async function * mergeSources (sources: Array<AsyncIterator<KeyEntry> | Iterator<KeyEntry>>, keyOf: KeyOf): AsyncGenerator<KeyGroup> {
  const heads: Array<KeyEntry | undefined> = []
  for (const s of sources) heads.push(await next(s))
  for (;;) {
    let min: KeyEntry | undefined
    for (const h of heads) if (h != null && (min == null || compareEntries(h, min) < 0)) min = h
    if (min == null) return
    const group: KeyEntry[] = []
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i]
      let h = heads[i]
      while (h != null && source != null && compareEntries(h, min) === 0) {
        group.push(h)
        h = await next(source)
      }
      heads[i] = h
    }
    yield * splitByKey(group, keyOf)
  }
}

async function next (source: AsyncIterator<KeyEntry> | Iterator<KeyEntry>): Promise<KeyEntry | undefined> {
  const r = await source.next()
  return r.done === true ? undefined : r.value
}

/** Entries of one fingerprint as keys: a FULL fingerprint is one key; others may be several (collisions). */
function splitByKey (group: KeyEntry[], keyOf: KeyOf): KeyGroup[] {
  const first = group[0]
  if (first == null) return []
  if ((first.flags & FLAG_FULL) !== 0) return [toGroup(keyOfFullEntry(first), group)]
  const byKey = new Map<string | undefined, KeyEntry[]>()
  for (const e of group) {
    const key = keyOf(e)
    const list = byKey.get(key)
    if (list == null) byKey.set(key, [e])
    else list.push(e)
  }
  return [...byKey].map(([key, entries]) => toGroup(key, entries))
}

function toGroup (key: string | undefined, entries: KeyEntry[]): KeyGroup {
  const at = key == null ? -1 : entries.findIndex(e => (e.flags & FLAG_DEAD) === 0)
  const winner = at < 0 ? undefined : entries[at]
  return { key, winner, rest: entries.filter((_, i) => i !== at) }
}

export interface MergeOptions {
  /** the merge includes the oldest run: a tombstone has nothing left to hide and only marks garbage */
  bottom: boolean
  /** packs that still exist: entries of removed packs are dropped */
  packExists: (id: number) => boolean
}

/** The entries a merged run keeps for one key: the winner, then the others marked dead (compaction's garbage). */
export async function * mergedEntries (groups: AsyncIterable<KeyGroup>, options: MergeOptions): AsyncGenerator<KeyEntry> {
  for await (const g of groups) {
    const w = g.winner
    if (w != null && options.packExists(w.pack)) {
      const deadTombstone = options.bottom && (w.flags & FLAG_DEAD) === 0 && (w.flags & FLAG_TOMBSTONE) !== 0
      yield deadTombstone ? { ...w, flags: w.flags | FLAG_DEAD } : w
    }
    for (const e of g.rest) if (options.packExists(e.pack)) yield (e.flags & FLAG_DEAD) !== 0 ? e : { ...e, flags: e.flags | FLAG_DEAD }
  }
}

export const positionMax = (a: Position, b: Position): Position => a.pack > b.pack || (a.pack === b.pack && a.offset >= b.offset) ? a : b
