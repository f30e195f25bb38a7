/**
 * One fresh process measuring a synthetic store (bench/blockstore/scale.ts runs it): open time, has
 * and get latency (hits and misses), RSS. `mode` is `runs` (the pack store as it is) or `map` (the
 * reference: every key loaded into an in-memory Map, as the store did before its on-disk index), or
 * `rebuild` (a store without run files: opening builds them; prints its time and peak RSS).
 *
 *   tsx bench/blockstore/scale-probe.ts DIR N runs|map|rebuild
 */
import '../../src/node/polyfills.ts'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { multihashKey } from '../../src/core/blocks.ts'
import { ENTRY_BYTES, FLAG_DEAD, keyOfFullEntry, readEntry } from '../../src/node/pack-store/key-entry.ts'
import { PackBlockstore } from '../../src/node/pack-store/pack-blockstore.ts'
import { scaleBlock } from './scale-keys.ts'

const [dir = '', nText = '0', mode = 'runs'] = process.argv.slice(2)
const n = Number(nText)
const PROBES = 20_000
const rss = (): number => Math.round(process.memoryUsage().rss / 1e6)
const rssBefore = rss()

const store = new PackBlockstore(dir)
let start = performance.now()
await store.open()
let openMs = performance.now() - start
const peakRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1e3)
if (mode === 'rebuild') {
  // the store had no run files: opening built them from the packs
  console.log(JSON.stringify({ mode, blocks: n, openMs: Math.round(openMs), peakRssMB: peakRssMB(), runs: store.indexStats().runs, memtableEntries: store.indexStats().memtableEntries }))
  await store.close()
  process.exit(0)
}
let map: Map<string, { pack: number, offset: number, length: number, time: number }> | undefined
if (mode === 'map') {
  // the reference: what opening cost when every key was held in memory, one object per block (as the
  // store did before its on-disk index, from per-pack index files read whole): here from the run files
  start = performance.now()
  map = new Map()
  for (const name of readdirSync(dir).filter(f => f.endsWith('.krun'))) {
    const bytes = readFileSync(join(dir, name))
    const entriesAt = 64 + (2 ** (bytes[12] ?? 0) + 1) * 4
    for (let at = entriesAt; at + ENTRY_BYTES <= bytes.byteLength; at += ENTRY_BYTES) {
      const e = readEntry(bytes, at)
      if ((e.flags & FLAG_DEAD) === 0) map.set(keyOfFullEntry(e), { pack: e.pack, offset: e.offset, length: e.length, time: e.time })
    }
  }
  openMs += performance.now() - start
}
const rssOpen = rss()
// the same pseudo-random probes in both modes
let seed = 12345
const next = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed }
const hits = Array.from({ length: PROBES }, () => scaleBlock(next() % n).cid)
const misses = Array.from({ length: PROBES }, (_, i) => scaleBlock(n + 1 + i).cid)
async function time (fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return (performance.now() - t) * 1000 / PROBES
}
const has = map == null
  ? async (cids: typeof hits) => { for (const c of cids) if (!await store.has(c) && cids === hits) throw new Error('lost a block') }
  : async (cids: typeof hits) => { for (const c of cids) map?.has(multihashKey(c.multihash.bytes)) }
const hasHitUs = await time(async () => has(hits))
const hasMissUs = await time(async () => has(misses))
const getHitUs = await time(async () => { for (const c of hits) await store.getBytes(c) })
// the index alone: a reader's miss also re-lists the folder for what a writer appended since (as before);
// a writer's does not, so taking the writer role (a delete of an absent key appends nothing) times the lookup
let indexHasMissUs = hasMissUs
if (map == null) {
  await store.delete(scaleBlock(n + PROBES + 10).cid)
  indexHasMissUs = await time(async () => has(misses))
}
const stats = store.indexStats()
const us = (x: number): number => +x.toFixed(2)
console.log(JSON.stringify({ mode, blocks: n, openMs: Math.round(openMs), hasHitUs: us(hasHitUs), readerHasMissUs: us(hasMissUs), indexHasMissUs: us(indexHasMissUs), getHitUs: us(getHitUs), rssBeforeMB: rssBefore, rssAfterOpenMB: rssOpen, rssAfterLookupsMB: rss(), peakRssMB: peakRssMB(), runs: stats.runs, memtableEntries: stats.memtableEntries, mapEntries: map?.size ?? 0 }))
await store.close()
