import { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PackBlockstore } from './pack-blockstore.ts'
import { block, blocks, collidingBlocks, listed, packFiles, runFiles } from './pack-store.test-support.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'key-index-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

const LIMIT = 40

async function open (options: ConstructorParameters<typeof PackBlockstore>[1] = {}): Promise<PackBlockstore> {
  const store = new PackBlockstore(dir, { lockTimeoutMs: 200, memtableEntries: LIMIT, flushBytes: 20_000, ...options })
  await store.open()
  return store
}

async function expectAll (store: PackBlockstore, all: Array<{ cid: CID, bytes: Uint8Array }>): Promise<void> {
  for (const b of all) {
    expect(await store.has(b.cid)).toBe(true)
    expect(await store.getBytes(b.cid)).toEqual(b.bytes)
  }
}

describe('the on-disk key index', () => {
  it('keeps at most two memtables of entries in memory, writes runs and merges them, and finds every block', async () => {
    const all = await blocks(600, 200)
    const store = await open()
    for (const b of all) {
      await store.put(b.cid, b.bytes)
      expect(store.indexStats().memtableEntries).toBeLessThanOrEqual(2 * LIMIT)
    }
    await store.settled()
    const stats = store.indexStats()
    // 600 entries in runs of 40 would be 15 runs: tiers of 4 merge them down
    expect(stats.runs).toBeGreaterThan(0)
    expect(stats.runs).toBeLessThan(8)
    await expectAll(store, all)
    expect(await store.has((await block(10_000)).cid)).toBe(false)
    await store.close()

    const again = await open()
    expect(again.indexStats().memtableEntries).toBe(0)
    await expectAll(again, all)
    expect(await listed(again)).toHaveLength(600)
    expect(await again.has((await block(10_000)).cid)).toBe(false)
    await again.close()
  })

  it('writes runs while concurrent puts roll over into new packs (a run waits only for what it lists)', async () => {
    const all = await blocks(400, 300)
    const store = await open({ maxPackBytes: 6_000, flushBytes: 1_000 })
    for (let i = 0; i < all.length; i += 32) await Promise.all(all.slice(i, i + 32).map(async b => store.put(b.cid, b.bytes)))
    await store.close()
    expect(packFiles(dir).length).toBeGreaterThan(20)
    const again = await open()
    await expectAll(again, all)
    await again.close()
  })

  it('rebuilds torn or missing run files from the packs with bounded memory, in a reader too', async () => {
    const all = await blocks(300, 200)
    const store = await open()
    for (const b of all) await store.put(b.cid, b.bytes)
    await store.close()
    const runs = runFiles(dir)
    expect(runs.length).toBeGreaterThan(0)
    // a torn run is refused (header or size), the others are gone
    const first = join(dir, runs[0] ?? '')
    truncateSync(first, statSync(first).size - 7)
    for (const f of runs.slice(1)) rmSync(join(dir, f))

    const reader = await open()
    expect(reader.indexStats().memtableEntries).toBeLessThanOrEqual(2 * LIMIT)
    expect(runFiles(dir).length).toBeGreaterThan(1)
    await expectAll(reader, all)
    await reader.close()
    const again = await open()
    await expectAll(again, all)
    await again.close()
  })

  it('a reader sees what a writer put after it opened, once flushed into runs and merged, holding little in memory', async () => {
    const early = await blocks(50, 200)
    const writer = await open()
    for (const b of early) await writer.put(b.cid, b.bytes)
    await writer.sync()
    const reader = await open()
    await expectAll(reader, early)
    const late = await blocks(400, 200, 1000)
    for (const b of late) await writer.put(b.cid, b.bytes)
    await writer.sync()
    await writer.settled()
    await expectAll(reader, late)
    // the reader took the writer's runs rather than scanning the whole tail
    expect(reader.indexStats().memtableEntries).toBeLessThanOrEqual(2 * LIMIT)
    expect(reader.indexStats().runs).toBeGreaterThan(0)
    expect(await listed(reader)).toHaveLength(450)
    // a second reader opened now starts from the runs
    const second = await open()
    await expectAll(second, [...early, ...late])
    await second.close()
    await writer.close()
    await reader.close()
  })

  it('tells apart keys sharing a fingerprint, in the memtable and in runs, by the CID their record holds', async () => {
    const [a, b] = collidingBlocks()
    const store = await open({ memtableEntries: 4 })
    await store.put(a.cid, a.bytes)
    expect(await store.has(b.cid)).toBe(false)
    await store.put(b.cid, b.bytes)
    expect(await store.getBytes(a.cid)).toEqual(a.bytes)
    expect(await store.getBytes(b.cid)).toEqual(b.bytes)
    for (const x of await blocks(20, 100)) await store.put(x.cid, x.bytes)
    await store.settled()
    expect(await store.getBytes(a.cid)).toEqual(a.bytes)
    expect(await store.getBytes(b.cid)).toEqual(b.bytes)
    await store.delete(a.cid)
    await store.close()

    const again = await open({ memtableEntries: 4 })
    expect(await again.has(a.cid)).toBe(false)
    expect(await again.getBytes(b.cid)).toEqual(b.bytes)
    const hex = (c: CID): string => Buffer.from(c.multihash.bytes).toString('hex')
    const keys = (await listed(again)).map(e => hex(e.cid))
    expect(keys).toContain(hex(b.cid))
    expect(keys).not.toContain(hex(a.cid))
    await again.close()
  })

  it('deletes across runs, re-puts after a delete, and compacts down to the live blocks', async () => {
    const all = await blocks(200, 500)
    const store = await open({ maxPackBytes: 30_000 })
    for (const b of all) await store.put(b.cid, b.bytes)
    const gone = all.filter((_, i) => i % 3 === 0)
    for (const b of gone) await store.delete(b.cid)
    const back = gone.slice(0, 5)
    for (const b of back) await store.put(b.cid, b.bytes)
    await store.sync()
    const packsBefore = packFiles(dir).length
    const result = await store.compact()
    expect(result.packs).toBeGreaterThan(0)
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore)
    expect(packFiles(dir).length).toBeLessThan(packsBefore)
    const live = all.filter((b, i) => i % 3 !== 0 || back.includes(b))
    await expectAll(store, live)
    for (const b of gone.slice(5)) expect(await store.has(b.cid)).toBe(false)
    expect(await listed(store)).toHaveLength(live.length)
    // nothing left to reclaim
    expect((await store.compact()).packs).toBe(0)
    await store.close()

    const again = await open()
    await expectAll(again, live)
    for (const b of gone.slice(5)) expect(await again.has(b.cid)).toBe(false)
    expect(await listed(again)).toHaveLength(live.length)
    await again.close()
  })

  it('answers digest-prefix queries from the memtable and the runs, without deleted blocks', async () => {
    const all = await blocks(300, 100)
    const store = await open()
    for (const b of all) await store.put(b.cid, b.bytes)
    const deleted = all.slice(0, 30)
    for (const b of deleted) await store.delete(b.cid)
    await store.settled()
    const prefix = { bytes: Uint8Array.of(0b0110_0000), bits: 3 }
    const want = all.slice(30).filter(b => (b.cid.multihash.digest[0] ?? 0) >> 5 === 0b011).map(b => Buffer.from(b.cid.multihash.bytes).toString('hex')).sort()
    const got = (await store.keysWithDigestPrefixes([prefix])).map(k => Buffer.from(k, 'latin1').toString('hex')).sort()
    expect(want.length).toBeGreaterThan(10)
    expect(got).toEqual(want)
    expect(await store.keysWithDigestPrefixes([{ bytes: new Uint8Array(4), bits: 0 }])).toHaveLength(270)
    await store.close()
  })
})
