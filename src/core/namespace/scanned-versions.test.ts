import { beforeAll, describe, expect, it } from 'vitest'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { MemoryBlockStore } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { fixtureFile } from '../ingest/ingest-replay.test-support.ts'
import { MapVersions } from '../replay/map-versions.ts'
import { scanNamespaces } from './namespace-scan.ts'
import { ingestNamespaced, memoryCandidates } from './namespaced-ingest.test-support.ts'
import { ScannedVersions } from './scanned-versions.ts'

const URL = 'http://memento.us/'
const LAYOUT = { bits: 4, urlBits: 4 }
const cids = (refs: Array<MementoRef | undefined>): Array<string | undefined> => refs.map(r => r?.cid)

describe('ScannedVersions', () => {
  let scanned: ScannedVersions
  let map: MapVersions
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestNamespaced(store, [fixtureFile('ipwb/5mementos.warc')], LAYOUT)
    const reader = await ArchiveReader.open(store, rootCid)
    const entry = await reader.lookup(URL)
    if (entry == null) throw new Error('not archived')
    map = new MapVersions(store, reader, entry)
    const found = ScannedVersions.of(store, await scanNamespaces(URL, [LAYOUT], memoryCandidates(store), store))
    if (found == null) throw new Error('nothing scanned')
    scanned = found
  })

  it('is undefined for a scan that found nothing', () => {
    expect(ScannedVersions.of(new MemoryBlockStore(), { mementos: [] })).toBeUndefined()
  })

  it('resolves as the URL map does: closest, ties to the earlier, the latest without a datetime', async () => {
    // before all, between two, half-way between the two captures one second apart (a tie), after all
    const at = [undefined, '2000-01-01T00:00:00Z', '2014-01-14T12:00:00Z', '2016-12-31T11:00:00.5Z', '2030-01-01T00:00:00Z']
    for (const t of at) expect((await scanned.resolve(t)).cid, t).toBe((await map.resolve(t)).cid)
    expect((await scanned.resolve('2016-12-31T11:00:00.5Z')).datetime).toBe('2016-12-31T11:00:00Z')
  })

  it('walks and lists the same captures', async () => {
    const { mementos } = await map.timemap()
    const listed = await scanned.timemap()
    expect(listed.complete).toBe(true)
    expect(listed.mementos.map(m => [m.cid, m.datetime])).toEqual(mementos.map(m => [m.cid, m.datetime]))
    expect((await scanned.first())?.cid).toBe(mementos[0]?.cid)
    const second = listed.mementos[1] as MementoRef
    expect(cids([await scanned.prev(second), await scanned.next(second)])).toEqual([mementos[0]?.cid, mementos[2]?.cid])
    expect(await scanned.prev(listed.mementos[0] as MementoRef)).toBeUndefined()
    expect(await scanned.next(listed.mementos[4] as MementoRef)).toBeUndefined()
  })

  it('describes, names and opens a capture as the URL map does', async () => {
    const m = await scanned.resolve('2014-01-15T10:15:00Z')
    expect(scanned.owns(m)).toBe(true)
    expect(await scanned.describe(m)).toEqual(await map.describe(m))
    expect(await scanned.captured(m)).toBe(URL)
    const opened = await scanned.open(m)
    const expected = await map.open(m)
    expect(opened.exchange.status).toBe(expected.exchange.status)
    expect(opened.exchange.payload?.cid.toString()).toBe(expected.exchange.payload?.cid.toString())
    expect(opened.alternate).toEqual(expected.alternate)
    await expect(scanned.describe({ cid: 'bafkqaaa', datetime: m.datetime, seq: 0 })).rejects.toThrow(/not a capture/)
  })
})
