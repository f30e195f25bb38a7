import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeAll, describe, expect, it } from 'vitest'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { indexOfBytes } from '../bytes.ts'
import { readIparo, type DecodedIparo } from '../iparo/iparo-root.ts'
import { fixtureFile } from '../ingest/ingest-replay.test-support.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { surt } from '../surt.ts'
import { writeNonce } from './grind-nonce.ts'
import { capturesKey, sortCandidates } from './namespace-candidates.ts'
import type { NamespaceLayout } from './namespace-layout.ts'
import { hasPrefix, namespacePrefix } from './namespace-prefix.ts'
import { scanNamespaces, scanReport } from './namespace-scan.ts'
import { ingestNamespaced, memoryCandidates } from './namespaced-ingest.test-support.ts'

const URL = 'http://memento.us/'
const KEY = surt(URL)
// few bits keep the grinding in this test to milliseconds; no URL bits put every IPARO in one namespace
const LAYOUT: NamespaceLayout = { bits: 4, urlBits: 4 }
const SHARED: NamespaceLayout = { bits: 4, urlBits: 0 }

/** A raw block whose digest starts with the prefix: what a scan finds by chance among payload leaves. */
async function rawBlockWithPrefix (store: MemoryBlockStore, layout: NamespaceLayout): Promise<CID> {
  const prefix = await namespacePrefix(layout, KEY)
  for (let i = 0; ; i++) {
    const bytes = new TextEncoder().encode(`not an IPARO ${i}`)
    const digest = await sha256.digest(bytes)
    if (!hasPrefix(digest.digest, prefix)) continue
    const cid = CID.createV1(raw.code, digest)
    await store.put(cid, bytes)
    return cid
  }
}

/** The same root with another nonce that puts it outside its namespace: a header claiming a prefix its CID does not have. */
async function forgedClaim (store: MemoryBlockStore, real: DecodedIparo): Promise<CID> {
  const bytes = (await store.get(real.cid)).slice()
  const at = indexOfBytes(bytes, new TextEncoder().encode('WARC-IPARO-Nonce: ')) + 'WARC-IPARO-Nonce: '.length
  const claim = real.header.namespace as NamespaceLayout
  const prefix = await namespacePrefix(claim, KEY)
  for (let nonce = 1; ; nonce++) {
    writeNonce(bytes, at, nonce)
    const digest = await sha256.digest(bytes)
    if (hasPrefix(digest.digest, prefix)) continue
    const cid = CID.createV1(dagPb.code, digest)
    await store.put(cid, bytes)
    return cid
  }
}

describe('scanning a store by CID namespace', () => {
  let store: MemoryBlockStore
  let reader: ArchiveReader
  beforeAll(async () => {
    store = new MemoryBlockStore()
    const { rootCid } = await ingestNamespaced(store, [fixtureFile('ipwb/5mementos.warc')], LAYOUT)
    reader = await ArchiveReader.open(store, rootCid)
  })

  it('lists the same mementos as the archive\'s TimeMap, in time order', async () => {
    const entry = await reader.lookup(URL)
    if (entry == null) throw new Error('not archived')
    const listed = (await reader.timemap(entry)).mementos.map(m => ({ cid: m.cid, datetime: m.datetime }))
    const scan = scanReport(await scanNamespaces(URL, [LAYOUT], memoryCandidates(store), store))
    expect(listed).toHaveLength(5)
    expect(scan.mementos).toEqual(listed)
    expect(scan.collisions).toBe(scan.candidates - 5)
  })

  it('counts a raw block and a forged claim with the URL\'s prefix as collisions', async () => {
    const withExtras = new MemoryBlockStore()
    for (const [k, v] of store.blocks) withExtras.blocks.set(k, v)
    const before = await scanNamespaces(URL, [LAYOUT], memoryCandidates(withExtras), withExtras)
    await rawBlockWithPrefix(withExtras, LAYOUT)
    const forged = await forgedClaim(withExtras, before.mementos[0] as DecodedIparo)
    const after = await scanNamespaces(URL, [LAYOUT], memoryCandidates(withExtras), withExtras)
    expect(after.mementos.map(m => m.cid.toString())).toEqual(before.mementos.map(m => m.cid.toString()))
    expect(after.collisions).toBe(before.collisions + 1)
    // the forged root is no candidate (its CID lacks the prefix): given as one, it is still dropped
    const direct = await sortCandidates(withExtras, [forged, (before.mementos[0] as DecodedIparo).cid], KEY, [LAYOUT])
    expect(direct).toMatchObject({ candidates: 2, collisions: 1 })
  })

  it('keeps only the scanned URL when every IPARO shares the prefix (no URL bits)', async () => {
    const shared = new MemoryBlockStore()
    await ingestNamespaced(shared, [fixtureFile('ipwb/5mementos.warc'), fixtureFile('ipwb/2mementos_queryString.warc')], SHARED)
    const scan = await scanNamespaces(URL, [SHARED], memoryCandidates(shared), shared)
    // the second file's capture of memento.us/ is one of 5mementos' (the same record, one IPARO)
    expect(scan.mementos.map(m => m.header.uri)).toEqual(Array(5).fill(URL))
    // the other URL's IPARO is a candidate too, and dropped
    expect(scan.collisions).toBeGreaterThanOrEqual(1)
    const other = await scanNamespaces('http://memento.us/index.php?someval=lorem&anotherval=ipsum', [SHARED], memoryCandidates(shared), shared)
    expect(other.mementos.map(m => m.header.uri)).toEqual(['http://memento.us/index.php?someval=lorem&anotherval=ipsum'])
    expect(other.candidates).toBe(scan.candidates)
    expect(other.collisions).toBe(scan.collisions + 4)
  })

  it('orders captures at one instant as the version chain does', async () => {
    const tied = new MemoryBlockStore()
    const capture = (body: string): Uint8Array => responseRecord(URL, '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', body)
    const files = ['b', 'a', 'c'].map(body => ({ name: `${body}.warc`, bytes: capture(body) }))
    const { rootCid } = await ingestNamespaced(tied, files, LAYOUT)
    const tiedReader = await ArchiveReader.open(tied, rootCid)
    const entry = await tiedReader.lookup(URL)
    if (entry == null) throw new Error('not archived')
    const listed = (await tiedReader.timemap(entry)).mementos.map(m => m.cid)
    const scan = scanReport(await scanNamespaces(URL, [LAYOUT], memoryCandidates(tied), tied))
    expect(listed).toHaveLength(3)
    expect(scan.mementos.map(m => m.cid)).toEqual(listed)
  })

  it('finds nothing under a layout the IPAROs do not claim', async () => {
    const scan = await scanNamespaces(URL, [{ bits: 4, urlBits: 3 }], memoryCandidates(store), store)
    expect(scan.mementos).toEqual([])
    expect(scan.collisions).toBe(scan.candidates)
  })
})

describe('capturesKey', () => {
  let real: DecodedIparo
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    await ingestNamespaced(store, [fixtureFile('ipwb/1memento.warc')], LAYOUT)
    const scan = await scanNamespaces(URL, [LAYOUT], memoryCandidates(store), store)
    real = await readIparo(store, (scan.mementos[0] as DecodedIparo).cid)
  })

  it('holds for a ground IPARO of the key under its layout', async () => {
    expect(await capturesKey(real, KEY, [LAYOUT])).toBe(true)
    expect(await capturesKey(real, KEY, [{ bits: 6, urlBits: 10 }, LAYOUT])).toBe(true)
  })

  it('fails for another key, another layout, no claim, or a CID its claim does not match', async () => {
    expect(await capturesKey(real, surt('http://example.com/'), [LAYOUT])).toBe(false)
    expect(await capturesKey(real, KEY, [{ bits: 4, urlBits: 5 }])).toBe(false)
    const { namespace: _, ...unclaimed } = real.header
    expect(await capturesKey({ cid: real.cid, header: unclaimed }, KEY, [LAYOUT])).toBe(false)
    // the same header under a CID outside the namespace: the claim is checked, not believed
    const prefix = await namespacePrefix(LAYOUT, KEY)
    let other = CID.createV1(dagPb.code, await sha256.digest(new Uint8Array([0])))
    for (let i = 1; hasPrefix(other.multihash.digest, prefix); i++) other = CID.createV1(dagPb.code, await sha256.digest(new Uint8Array([i])))
    expect(await capturesKey({ cid: other, header: real.header }, KEY, [LAYOUT])).toBe(false)
    // a request key (a POST's capture) is not the URL's GET key
    expect(await capturesKey({ cid: real.cid, header: { ...real.header, key: `${KEY} __wb_method=post` } }, KEY, [LAYOUT])).toBe(false)
  })
})
