import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { bruteForce, bruteForceClosest } from '../chain/brute-force.ts'
import { nanos } from '../chain/datetime-nanos.ts'
import { afterGoal, beforeGoal, exactGoal, firstGoal, latestGoal } from '../chain/goals.ts'
import { seededRandom } from '../chain/seeded-random.ts'
import { syntheticDatetime } from '../chain/synthetic-datetime.ts'
import type { MementoRef } from '../chain/index.ts'
import { VersionIndex } from './version-index.ts'
import { parseVersionKey, versionKey } from './version-key.ts'
import { writeVersionIndex, type VersionToIndex } from './write-version-index.ts'

type V = VersionToIndex & { head: CID }

/** `n` versions in append (seq) order with datetimes in any order, a tenth of them sharing an instant. */
async function versions (n: number, seed: number): Promise<V[]> {
  const random = seededRandom(seed)
  const out: V[] = []
  for (let seq = 0; seq < n; seq++) {
    const earlier = out[Math.floor(random() * out.length)]
    const datetime = earlier != null && random() < 0.1 ? earlier.datetime : syntheticDatetime(1_300_000_000_000 + Math.floor(random() * 1e11))
    const head = CID.createV1(0x71, await sha256.digest(new TextEncoder().encode(`v${seed}/${seq}`)))
    out.push({ cid: head.toString(), head, datetime, seq, url: `http://example.com/?v=${seq}` })
  }
  return out
}

/** Writes `all` in runs of random sizes, each run one writeVersionIndex call, as ingests would. */
async function inRuns (store: MemoryBlockStore, all: V[], seed: number): Promise<VersionIndex> {
  const random = seededRandom(seed)
  let map
  for (let i = 0; i < all.length;) {
    const size = 1 + Math.floor(random() * all.length / 4)
    map = await writeVersionIndex(store, map, all.slice(i, i + size))
    i += size
  }
  if (map == null) throw new Error('no versions')
  return VersionIndex.open(store, map.root)
}

const ref = (v: MementoRef | undefined): MementoRef | undefined => v == null ? undefined : { cid: v.cid, datetime: v.datetime, seq: v.seq }

describe('version keys', () => {
  it('sort as (datetime, seq) and parse back to the normalized datetime', () => {
    const keys = [
      versionKey('2001-01-01T00:00:00Z', 10), versionKey('2001-01-01T00:00:00.5Z', 2),
      versionKey('2001-01-01T00:00:00.000000001Z', 7), versionKey('2001-01-01T00:00:00Z', 9)
    ]
    expect([...keys].sort()).toEqual([keys[3], keys[0], keys[2], keys[1]])
    expect(parseVersionKey(keys[1] as string)).toEqual({ datetime: '2001-01-01T00:00:00.5Z', seq: 2 })
    expect(parseVersionKey('2001-01-01T00:00:00Z 1')).toBeUndefined()
  })
})

describe('VersionIndex', () => {
  it('answers every lookup as the chain goals do, on versions appended out of order in runs', async () => {
    const all = await versions(3000, 7)
    const store = new MemoryBlockStore()
    const index = await inRuns(store, all, 8)
    expect(index.count).toBe(all.length)
    const random = seededRandom(9)
    for (let q = 0; q < 300; q++) {
      const pick = all[Math.floor(random() * all.length)] as V
      const t = q % 4 === 0 ? pick.datetime : syntheticDatetime(1_290_000_000_000 + Math.floor(random() * 1.2e11))
      expect(ref(await index.closest(t, nanos))).toEqual(ref(bruteForceClosest(all, t)))
      expect(ref(await index.exact(t))).toEqual(ref(bruteForce(all, exactGoal(nanos(t)))))
      const { prev, next } = await index.neighbours(pick)
      expect(ref(prev)).toEqual(ref(bruteForce(all, beforeGoal(nanos(pick.datetime), pick.seq))))
      expect(ref(next)).toEqual(ref(bruteForce(all, afterGoal(nanos(pick.datetime), pick.seq))))
    }
    expect(ref(await index.first())).toEqual(ref(bruteForce(all, firstGoal)))
    expect(ref(await index.latest())).toEqual(ref(bruteForce(all, latestGoal)))
    const listed = []
    for await (const v of index.list()) listed.push(v.seq)
    expect(listed).toHaveLength(all.length)
  })

  it('has one root for one set of versions, however the runs added them', async () => {
    const all = await versions(2000, 11)
    const store = new MemoryBlockStore()
    const once = (await writeVersionIndex(store, undefined, all)).root
    // runs of 250 versions taken in a shuffled order: each run adds versions all over the index
    const rootOf = async (seed: number): Promise<string> => {
      const random = seededRandom(seed)
      let map
      const order = [...all].sort(() => random() - 0.5)
      for (let i = 0; i < order.length; i += 250) map = await writeVersionIndex(store, map, order.slice(i, i + 250))
      return map?.root.toString() ?? ''
    }
    expect(await rootOf(1)).toBe(once.toString())
    expect(await rootOf(2)).toBe(once.toString())
  })

  it('reads two blocks per lookup at 20,000 versions, plus a neighbouring leaf at most', async () => {
    const all = await versions(20_000, 21)
    const store = new MemoryBlockStore()
    const root = (await writeVersionIndex(store, undefined, all)).root
    const random = seededRandom(22)
    let worst = 0
    for (let q = 0; q < 200; q++) {
      const index = await VersionIndex.open(store, root)
      await index.closest(syntheticDatetime(1_300_000_000_000 + Math.floor(random() * 1e11)), nanos)
      worst = Math.max(worst, index.reads)
    }
    expect(worst).toBeLessThanOrEqual(3)
  })

  it('rejects an index whose entry does not describe the version its key names', async () => {
    const all = await versions(3, 31)
    const store = new MemoryBlockStore()
    const lying = all.map((v, i) => i === 1 ? { ...v, datetime: '1999-01-01T00:00:00Z' } : v)
    // keys from the true datetimes, entries claiming another: a writer that lies
    const { UrlMap } = await import('../url-map/url-map.ts')
    const entries = all.map((v, i) => [versionKey(v.datetime, v.seq), { url: v.url, head: v.head, first: (lying[i] as V).datetime, last: (lying[i] as V).datetime, count: 1 }] as const)
      .sort((a, b) => a[0] < b[0] ? -1 : 1)
    const map = await UrlMap.fromSorted(store, entries)
    const index = await VersionIndex.open(store, map.root)
    await expect(async () => { for await (const v of index.list()) expect(v).toBeDefined() }).rejects.toThrow(/does not describe/)
  })
})
