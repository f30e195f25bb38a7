import { describe, expect, it } from 'vitest'
import { blockKey, MemoryBlockStore } from '../blocks.ts'
import { bruteForceClosest } from '../chain/brute-force.ts'
import { seededRandom } from '../chain/seeded-random.ts'
import { syntheticDatetime } from '../chain/synthetic-datetime.ts'
import type { Datetime } from '../datetime.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { UrlMap } from '../url-map/url-map.ts'
import { ArchiveReader } from './archive-reader.ts'
import { writeArchiveRoot, type ArchiveRoot } from './archive-root.ts'
import { chunks, hashers, manifest } from './archive-test-support.ts'
import { ingestIntoArchive } from './ingest-into-archive.ts'

const URL_ = 'http://order.example/page'

function warc (times: Datetime[]): Uint8Array {
  return Buffer.concat(times.map(t => responseRecord(URL_, t, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', `at ${t}`)))
}

async function ingest (store: MemoryBlockStore, times: Datetime[], root?: ArchiveRoot): Promise<ArchiveRoot> {
  const result = await ingestIntoArchive({ store, from: root != null ? { root } : { manifest }, sources: [{ name: 'x.warc', open: () => chunks(warc(times)) }], hashers })
  return result.root
}

function randomTimes (n: number, seed: number): Datetime[] {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => syntheticDatetime(Date.UTC(2005, 0, 1) + Math.floor(random() * 6e11)))
}

/** Cold lookups (a fresh reader each), checked against brute force; the worst fetch count. */
async function checkLookups (store: MemoryBlockStore, root: ArchiveRoot, times: Datetime[], queries: number): Promise<number> {
  const rootCid = await writeArchiveRoot(store, root)
  const versions = [...times].sort().map((datetime, seq) => ({ cid: '', datetime, seq }))
  const random = seededRandom(queries)
  let worst = 0
  for (let q = 0; q < queries; q++) {
    const t = q % 4 === 0 ? times[Math.floor(random() * times.length)] as Datetime : syntheticDatetime(Date.UTC(2004, 0, 1) + Math.floor(random() * 7e11))
    const reader = await ArchiveReader.open(store, rootCid)
    const entry = await reader.lookup(URL_)
    if (entry == null) throw new Error('not found')
    const found = await reader.resolve(entry, t)
    expect(found.memento?.datetime).toBe(bruteForceClosest(versions, t)?.datetime)
    worst = Math.max(worst, found.fetches)
  }
  return worst
}

/** The archive as an ingest written before version indexes existed would have left it. */
async function withoutIndex (store: MemoryBlockStore, root: ArchiveRoot): Promise<ArchiveRoot> {
  const map = await UrlMap.load(store, root.urls)
  const changes = []
  for await (const [key, entry] of map.range()) {
    const { versions: _dropped, ...old } = entry
    changes.push({ key, update: () => old })
  }
  return { ...root, urls: await map.bulkUpdate(changes) }
}

describe('version indexes written by ingest', () => {
  it('keep lookups at two or three reads for 1,000 captures ingested in random order in one run', async () => {
    const store = new MemoryBlockStore()
    const times = randomTimes(1000, 1)
    const root = await ingest(store, times)
    expect(await checkLookups(store, root, times, 100)).toBeLessThanOrEqual(3)
    const reader = await ArchiveReader.open(store, await writeArchiveRoot(store, root))
    const entry = await reader.lookup(URL_)
    expect(entry?.versions).toBeDefined()
    // one reader keeps the index open: a replay's second lookup on the URL reads no block again
    const t = times[0] as Datetime
    expect((await reader.resolve(entry as NonNullable<typeof entry>, t)).fetches).toBeGreaterThan(0)
    expect((await reader.resolve(entry as NonNullable<typeof entry>, t)).fetches).toBe(0)
    const tm = await reader.timemap(entry as NonNullable<typeof entry>)
    expect(tm.mementos.map(m => m.datetime)).toEqual([...times].sort())
    expect(tm.fetches).toBeLessThanOrEqual(Math.ceil(1000 / 64) + 12)
    expect(tm.fetches).toBeGreaterThan(0)
  })

  it('answer as brute force does for runs appended out of order, and re-ingesting adds nothing', async () => {
    const times = randomTimes(300, 2).sort()
    const runs = [times.slice(200), times.slice(0, 100), times.slice(100, 200)]
    const store = new MemoryBlockStore()
    let root: ArchiveRoot | undefined
    for (const run of runs) root = await ingest(store, run, root)
    const reader = await ArchiveReader.open(store, await writeArchiveRoot(store, root as ArchiveRoot))
    const entry = await reader.lookup(URL_)
    expect(entry?.count).toBe(300)
    expect(await checkLookups(store, root as ArchiveRoot, times, 100)).toBeLessThanOrEqual(3)
    const again = await ingestIntoArchive({ store, from: { root: root as ArchiveRoot }, sources: [{ name: 'x.warc', open: () => chunks(warc(runs[1] as Datetime[])) }], hashers })
    expect(again.summary.mementos).toBe(0)
    expect(again.summary.duplicates).toBe(100)
  })

  it('fall back to the version chain when an index is missing, and are built when an older archive grows', async () => {
    const store = new MemoryBlockStore()
    const times = randomTimes(200, 3)
    const indexed = await ingest(store, times)
    const legacy = await withoutIndex(store, indexed)
    // an archive without indexes still answers, through the chain
    expect(await checkLookups(store, legacy, times, 50)).toBeGreaterThan(3)
    // a run on top of it lists the chain once and writes the index
    const more = randomTimes(20, 4)
    const grown = await ingest(store, more, legacy)
    const entry = await (await ArchiveReader.open(store, await writeArchiveRoot(store, grown))).lookup(URL_)
    expect(entry?.versions).toBeDefined()
    expect(await checkLookups(store, grown, [...times, ...more], 50)).toBeLessThanOrEqual(3)
    // an index block that cannot be read: the chain answers instead
    store.blocks.delete(blockKey(entry?.versions as NonNullable<typeof entry>['head']))
    expect(await checkLookups(store, grown, [...times, ...more], 50)).toBeGreaterThan(3)
  })
})
