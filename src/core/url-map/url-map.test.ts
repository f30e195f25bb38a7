import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import type { BlockGetter } from '../blocks.ts'
import { InvalidInputError } from '../errors.ts'
import { surt, surtPrefix } from '../surt.ts'
import { MAX_NODE_BYTES, MIN_ITEMS } from './boundary.ts'
import { compareKeys } from './key-order.ts'
import { decodeNode, isLeaf } from './map-node.ts'
import { CountingBlockStore, fixtureCid, fixtureEntry, seededRandom } from './url-map-fixtures.ts'
import type { UrlEntry, UrlMapChange } from './url-map.ts'
import { UrlMap } from './url-map.ts'

const keyOf = (n: number): string => `example,host${n % 1000})/page/${n}`

type Model = Map<string, UrlEntry>

function sortedEntries (model: Model): Array<[string, UrlEntry]> {
  return [...model.entries()].sort((a, b) => compareKeys(a[0], b[0]))
}

/** Comparable text for many entries at once (deep equality over thousands of CIDs is slow). */
function flat (entries: Array<[string, UrlEntry]>): string[] {
  return entries.map(([k, e]) => `${k} ${e.url} ${e.head.toString()} ${e.title ?? '-'} ${e.first} ${e.last} ${e.count} ${Object.keys(e).length}`)
}

async function collect (iter: AsyncIterable<[string, UrlEntry]>): Promise<Array<[string, UrlEntry]>> {
  const out: Array<[string, UrlEntry]> = []
  for await (const kv of iter) out.push(kv)
  return out
}

async function build (store: MemoryBlockStore | CountingBlockStore, ns: number[]): Promise<{ map: UrlMap, model: Model }> {
  const model: Model = new Map(ns.map(n => [keyOf(n), fixtureEntry(n)]))
  return { map: await UrlMap.fromSorted(store, sortedEntries(model)), model }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)

describe('UrlMap basics', () => {
  it('starts empty, with one canonical empty root', async () => {
    const a = await UrlMap.empty(new MemoryBlockStore())
    const b = await UrlMap.empty(new MemoryBlockStore())
    expect(a.count).toBe(0)
    expect(a.height).toBe(1)
    expect(a.root.equals(b.root)).toBe(true)
    expect(a.root.code).toBe(dagCbor.code)
    expect(a.root.version).toBe(1)
    expect(await a.get('com,example)/')).toBeUndefined()
    expect(await collect(a.range())).toEqual([])
  })

  it('sets, replaces and deletes single keys, keeping old versions readable', async () => {
    const store = new MemoryBlockStore()
    const v0 = await UrlMap.empty(store)
    const v1 = await v0.at(await v0.set(surt('http://www.example.com/'), fixtureEntry(1)))
    const v2 = await v1.at(await v1.set(surt('https://example.com/'), fixtureEntry(1, 2)))
    const v3 = await v2.at(await v2.delete('com,example)/'))
    expect(v1.count).toBe(1)
    expect((await v1.get('com,example)/'))?.count).toBe(1)
    expect((await v2.get('com,example)/'))?.count).toBe(2)
    expect(v3.count).toBe(0)
    expect(v3.root.equals(v0.root)).toBe(true)
    // a fresh reader of an old root still sees the old value
    expect((await (await UrlMap.load(store, v1.root)).get('com,example)/'))?.count).toBe(1)
  })

  it('deleting a missing key or applying no change keeps the root', async () => {
    const { map } = await build(new MemoryBlockStore(), range(0, 500))
    expect((await map.delete('nope')).equals(map.root)).toBe(true)
    expect((await map.bulkUpdate([])).equals(map.root)).toBe(true)
    expect((await map.set(keyOf(3), fixtureEntry(3))).equals(map.root)).toBe(true)
  })

  it('applies several changes to one key in the order given, on copies', async () => {
    const { map } = await build(new MemoryBlockStore(), range(0, 300))
    const key = keyOf(7)
    const changes: UrlMapChange[] = [
      { key, update: old => old == null ? undefined : Object.assign(old, { count: old.count + 10 }) },
      { key: keyOf(8), update: () => undefined },
      { key, update: old => old == null ? undefined : { ...old, count: old.count * 2, title: 'Seven' } }
    ]
    const next = await map.at(await map.bulkUpdate(changes))
    expect(await next.get(key)).toEqual({ ...fixtureEntry(7), count: 22, title: 'Seven' })
    expect(await next.get(keyOf(8))).toBeUndefined()
    expect(next.count).toBe(299)
    // the updater mutated its argument: the old version must not have changed
    expect((await map.get(key))?.count).toBe(1)
    expect(Object.isFrozen(await map.get(key))).toBe(true)
  })

  it('rejects bad keys, bad entries and unsorted input', async () => {
    const store = new MemoryBlockStore()
    const e = fixtureEntry(1)
    const bad: unknown[] = [
      { ...e, count: 0 },
      { ...e, count: 1.5 },
      { ...e, first: '2020-13-01T00:00:00Z' },
      { ...e, first: '2020-01-01T00:00:00.10Z' },
      { ...e, first: '2021-01-01T00:00:00Z', last: '2020-01-01T00:00:00Z' },
      { ...e, head: e.head.toString() },
      { ...e, extra: 1 },
      { ...e, title: 5 },
      { ...e, url: 'x'.repeat(70_000) },
      { ...e, url: '\uD800' }
    ]
    for (const value of bad) {
      await expect(UrlMap.fromSorted(store, [['k', value as UrlEntry]])).rejects.toThrow(InvalidInputError)
    }
    await expect(UrlMap.fromSorted(store, [['b', e], ['a', e]])).rejects.toThrow(InvalidInputError)
    await expect(UrlMap.fromSorted(store, [['a', e], ['a', e]])).rejects.toThrow(InvalidInputError)
    const empty = await UrlMap.empty(store)
    await expect(empty.set('\uDC00x', e)).rejects.toThrow(InvalidInputError)
    await expect(empty.bulkUpdate([{ key: 'a', update: () => ({ ...e, count: -1 }) }])).rejects.toThrow(InvalidInputError)
    // an entry with no title and one with title undefined are the same entry
    const a = await empty.set('a', { ...e, title: undefined })
    expect(a.equals(await empty.set('a', e))).toBe(true)
  })

  it('refuses to write through a read-only block source', async () => {
    const { map } = await build(new MemoryBlockStore(), range(0, 10))
    const store = map.blocks as MemoryBlockStore
    const readOnly: BlockGetter = { get: async (cid) => store.get(cid) }
    const ro = await UrlMap.load(readOnly, map.root)
    expect(await ro.get(keyOf(3))).toEqual(fixtureEntry(3))
    await expect(ro.set('x', fixtureEntry(1))).rejects.toThrow(InvalidInputError)
  })
})

describe('UrlMap against a sorted-array model', () => {
  it('agrees after thousands of random sets, updates and deletes, and stays canonical', async () => {
    const rand = seededRandom(0xC0FFEE)
    const universe = 30_000
    const initial = range(0, universe).filter(() => rand() < 0.6)
    const store = new MemoryBlockStore()
    const built = await build(store, initial)
    const model = built.model
    let map = built.map
    expect(map.height).toBe(3)
    const history: Array<{ root: CID, entries: Array<[string, UrlEntry]> }> = []
    let ops = 0
    for (let batch = 0; batch < 80; batch++) {
      const size = batch % 10 === 0 ? 400 : 1 + Math.floor(rand() * 40)
      const changes: UrlMapChange[] = []
      for (let i = 0; i < size; i++) {
        const n = Math.floor(rand() * universe)
        const key = keyOf(n)
        const r = rand()
        if (r < 0.45) {
          changes.push({ key, update: () => fixtureEntry(n, 2) })
          model.set(key, fixtureEntry(n, 2))
        } else if (r < 0.8) {
          changes.push({ key, update: () => undefined })
          model.delete(key)
        } else {
          const bump = (old: UrlEntry | undefined): UrlEntry => old == null ? fixtureEntry(n) : { ...old, count: old.count + 1 }
          changes.push({ key, update: bump })
          model.set(key, bump(model.get(key)))
        }
      }
      ops += size
      map = await map.at(await map.bulkUpdate(changes))
      expect(map.count).toBe(model.size)
      for (let i = 0; i < 10; i++) {
        const key = keyOf(Math.floor(rand() * universe))
        const [got, want] = [await map.get(key), model.get(key)]
        expect(got === undefined ? undefined : flat([[key, got]])).toEqual(want === undefined ? undefined : flat([[key, want]]))
      }
      if (batch % 16 === 15) {
        const expected = sortedEntries(model)
        expect(flat(await collect(map.range()))).toEqual(flat(expected))
        const rebuilt = await UrlMap.fromSorted(new MemoryBlockStore(), expected)
        expect(map.root.toString()).toBe(rebuilt.root.toString())
        history.push({ root: map.root, entries: expected })
      }
    }
    expect(ops).toBeGreaterThan(3000)
    // every old version is still whole and unchanged
    for (const { root, entries } of history) {
      expect(flat(await collect((await UrlMap.load(store, root, { cacheSize: 0 })).range()))).toEqual(flat(entries))
    }
  })

  it('inserts before the first key and after the last one', async () => {
    const ns = range(0, 20_000)
    const { map, model } = await build(new MemoryBlockStore(), ns)
    expect(map.height).toBe(3)
    const extra: Array<[string, UrlEntry]> = [['0first', fixtureEntry(1)], ['zz,last)/1', fixtureEntry(2)], ['zz,last)/2', fixtureEntry(3)]]
    const next = await map.at(await map.bulkUpdate(extra.map(([key, e]) => ({ key, update: () => e }))))
    for (const [k, e] of extra) model.set(k, e)
    expect(next.count).toBe(20_003)
    expect(await next.get('zz,last)/2')).toEqual(fixtureEntry(3))
    expect(next.root.equals((await UrlMap.fromSorted(new MemoryBlockStore(), sortedEntries(model))).root)).toBe(true)
  })

  it('empties a multi-level map and fills it again', async () => {
    const { map } = await build(new MemoryBlockStore(), range(0, 12_000))
    const emptied = await map.at(await map.bulkUpdate(range(0, 12_000).map(n => ({ key: keyOf(n), update: () => undefined }))))
    expect(emptied.count).toBe(0)
    expect(emptied.height).toBe(1)
    expect(emptied.root.equals((await UrlMap.empty(new MemoryBlockStore())).root)).toBe(true)
    const refilled = await emptied.at(await emptied.bulkUpdate(range(0, 12_000).map(n => ({ key: keyOf(n), update: () => fixtureEntry(n) }))))
    expect(refilled.root.equals(map.root)).toBe(true)
  })
})

describe('history independence', () => {
  it('gives one root for one set of entries, whatever the order and batching of writes', async () => {
    const ns = range(0, 9000)
    const reference = await build(new MemoryBlockStore(), ns)
    expect(reference.map.height).toBeGreaterThan(1)
    for (const seed of [1, 2, 3]) {
      const rand = seededRandom(seed)
      const order = [...ns]
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1))
        ;[order[i], order[j]] = [order[j] as number, order[i] as number]
      }
      // seed 1: one to five keys per write (stopping early: slow); seeds 2, 3: up to 700
      const stopAt = seed === 1 ? 1500 : order.length
      let map = await UrlMap.empty(new MemoryBlockStore())
      let at = 0
      while (at < stopAt) {
        const size = 1 + Math.floor(rand() * (seed === 1 ? 5 : 700))
        const batch = order.slice(at, at + size)
        at += batch.length
        map = await map.at(await map.bulkUpdate(batch.map(n => ({ key: keyOf(n), update: () => fixtureEntry(n) }))))
      }
      const expected = at === ns.length
        ? reference.map
        : await UrlMap.fromSorted(new MemoryBlockStore(), sortedEntries(new Map(order.slice(0, at).map(n => [keyOf(n), fixtureEntry(n)]))))
      expect(map.count).toBe(at)
      expect(map.root.toString()).toBe(expected.root.toString())
    }
  })
})

describe('range', () => {
  let map: UrlMap
  let all: Array<[string, UrlEntry]>
  beforeAll(async () => {
    const urls = range(0, 6000).map(n => `http://${['www.', 'a.', 'b.', ''][n % 4]}site${n % 37}.example/${n % 7 === 0 ? 'blog' : 'docs'}/${n}`)
    const model: Model = new Map(urls.map((u, n) => [surt(u), { ...fixtureEntry(n), url: u }]))
    all = sortedEntries(model)
    map = await UrlMap.fromSorted(new MemoryBlockStore(), all)
  })

  it('streams everything in key order', async () => {
    expect(flat(await collect(map.range()))).toEqual(flat(all))
  })

  it('honours gte, lt, after and limit, alone and together', async () => {
    const keys = all.map(([k]) => k)
    const [k100, k900, k901] = [keys[100] as string, keys[900] as string, keys[901] as string]
    expect((await collect(map.range({ gte: k100, lt: k900 }))).map(([k]) => k)).toEqual(keys.slice(100, 900))
    expect((await collect(map.range({ after: k100, limit: 5 }))).map(([k]) => k)).toEqual(keys.slice(101, 106))
    expect((await collect(map.range({ gte: k100, after: k900 }))).map(([k]) => k)).toEqual(keys.slice(901))
    expect((await collect(map.range({ gte: k901, after: k900 }))).map(([k]) => k)).toEqual(keys.slice(901))
    expect((await collect(map.range({ gte: `${k100}\u0000` }))).map(([k]) => k)).toEqual(keys.slice(101))
    expect(await collect(map.range({ gte: k900, lt: k100 }))).toEqual([])
    expect(await collect(map.range({ limit: 0 }))).toEqual([])
    await expect(collect(map.range({ limit: -1 }))).rejects.toThrow(InvalidInputError)
  })

  it('scans a host, a path and subdomains by SURT prefix', async () => {
    for (const p of ['site5.example', 'http://site5.example/blog/', '*.site5.example', 'http://www.site12.example/docs/1']) {
      const prefix = surtPrefix(p)
      const expected = all.filter(([k]) => k.startsWith(prefix))
      expect(expected.length).toBeGreaterThan(0)
      expect(flat(await collect(map.range({ prefix })))).toEqual(flat(expected))
    }
  })

  it('pages through a prefix with after, ending exactly', async () => {
    const prefix = surtPrefix('site3.example')
    const expected = all.filter(([k]) => k.startsWith(prefix))
    const pages: Array<Array<[string, UrlEntry]>> = []
    let after: string | undefined
    for (;;) {
      const page = await collect(map.range({ prefix, after, limit: 17 }))
      if (page.length === 0) break
      pages.push(page)
      after = page[page.length - 1]?.[0]
    }
    expect(flat(pages.flat())).toEqual(flat(expected))
    expect(pages.slice(0, -1).every(p => p.length === 17)).toBe(true)
  })
})

describe('costs (block fetches and writes)', () => {
  let store: CountingBlockStore
  let map: UrlMap
  beforeAll(async () => {
    store = new CountingBlockStore()
    map = (await build(store, range(0, 25_000))).map
  })

  it('looks a key up in `height` fetches, root included', async () => {
    expect(map.height).toBe(3)
    const rand = seededRandom(9)
    for (let i = 0; i < 50; i++) {
      store.reset()
      const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
      const n = Math.floor(rand() * 30_000)
      expect(await fresh.get(keyOf(n))).toEqual(n < 25_000 ? fixtureEntry(n) : undefined)
      expect(store.gets).toBeLessThanOrEqual(map.height)
    }
  })

  it('reads a 100-entry prefix page in at most height + 2 fetches, and stops early', async () => {
    for (const host of [0, 17, 999]) {
      store.reset()
      const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
      const page = await collect(fresh.range({ prefix: `example,host${host})/`, limit: 100 }))
      expect(page).toHaveLength(25)
      expect(store.gets).toBeLessThanOrEqual(map.height + 2)
    }
    store.reset()
    const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
    const page = await collect(fresh.range({ gte: 'example,host1', limit: 100 }))
    expect(page).toHaveLength(100)
    expect(store.gets).toBeLessThanOrEqual(map.height + 2)
    store.reset()
    await collect(fresh.range({ limit: 1 }))
    expect(store.gets).toBe(map.height - 1)
  })

  it('writes about one path of nodes per single-key update', async () => {
    const rand = seededRandom(5)
    let written = 0
    const trials = 60
    for (let i = 0; i < trials; i++) {
      const n = Math.floor(rand() * 30_000)
      const fresh = await UrlMap.load(store, map.root, { cacheSize: 0 })
      store.reset()
      await (i % 3 === 0 ? fresh.delete(keyOf(n)) : fresh.set(keyOf(n), fixtureEntry(n, 3)))
      written += store.puts
      expect(store.puts).toBeLessThanOrEqual(map.height + 3)
      expect(store.gets).toBeLessThanOrEqual(2 * map.height + 2)
    }
    expect(written / trials).toBeLessThan(map.height + 0.5)
  })
})

describe('node shape and size', () => {
  async function nodeBytes (map: UrlMap): Promise<Array<{ cid: CID, bytes: Uint8Array }>> {
    const out: Array<{ cid: CID, bytes: Uint8Array }> = []
    for await (const cid of map.walkBlocks()) out.push({ cid, bytes: await map.blocks.get(cid) })
    return out
  }

  it('keeps fan-out near 128 and every node small', async () => {
    const { map } = await build(new MemoryBlockStore(), range(0, 40_000))
    const nodes = await nodeBytes(map)
    const decoded = nodes.map(({ cid, bytes }) => decodeNode(cid, bytes))
    const leaves = decoded.filter(isLeaf)
    const mean = leaves.reduce((s, n) => s + n.keys.length, 0) / leaves.length
    expect(mean).toBeGreaterThan(100)
    expect(mean).toBeLessThan(160)
    // only the last node of a level may be short
    const short = decoded.filter(n => n.keys.length < MIN_ITEMS)
    expect(short.length).toBeLessThanOrEqual(map.height)
    expect(Math.max(...nodes.map(n => n.bytes.length))).toBeLessThan(64 * 1024)
    expect(leaves.reduce((s, n) => s + n.keys.length, 0)).toBe(40_000)
  })

  it('splits by bytes when entries are big, staying under 256 KiB', async () => {
    const model: Model = new Map(range(0, 400).map(n => [keyOf(n), { ...fixtureEntry(n), url: `http://x.example/${'a'.repeat(20_000 + n)}`, title: 'T'.repeat(9000) }]))
    const map = await UrlMap.fromSorted(new MemoryBlockStore(), sortedEntries(model))
    const nodes = await nodeBytes(map)
    expect(nodes.length).toBeGreaterThan(40)
    for (const { bytes } of nodes) expect(bytes.length).toBeLessThanOrEqual(MAX_NODE_BYTES)
    expect(flat(await collect(map.range()))).toEqual(flat(sortedEntries(model)))
  })

  it('round-trips through another store holding only the walked blocks; links are real CIDs', async () => {
    const { map, model } = await build(new MemoryBlockStore(), range(0, 15_000))
    const copy = new MemoryBlockStore()
    const heads = new Set<string>()
    for (const { cid, bytes } of await nodeBytes(map)) {
      await copy.put(cid, bytes)
      // a generic dag-cbor walk sees child links and head links without knowing the format
      const generic = dagCbor.decode(bytes) as { entries?: Array<Record<string, unknown>>, children?: unknown[] }
      for (const e of generic.entries ?? []) heads.add(String(CID.asCID(e.head)))
      for (const c of generic.children ?? []) expect(CID.asCID(c)).not.toBeNull()
    }
    expect(heads.size).toBe(15_000)
    expect(heads.has(fixtureCid(42 * 1000 + 1).toString())).toBe(true)
    const loaded = await UrlMap.load(copy, map.root)
    expect(loaded.count).toBe(15_000)
    expect(flat(await collect(loaded.range()))).toEqual(flat(sortedEntries(model)))
  })
})
