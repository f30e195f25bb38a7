import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { ReplayHandler } from '../replay/replay-handler.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { surt } from '../surt.ts'
import { surtV1 } from '../surt-v1.ts'
import { compareKeys } from '../url-map/key-order.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { ArchiveReader } from './archive-reader.ts'
import { chunks, hashers, ingestBytes } from './archive-test-support.ts'
import { readArchiveRoot, writeArchiveRoot } from './archive-root.ts'
import { ingestIntoArchive } from './ingest-into-archive.ts'

/** The archive as IPARO wrote it before key scheme 2: URL map keyed by surtV1, no `formats.keys`. */
async function asSchemeOne (store: MemoryBlockStore, rootCid: CID): Promise<CID> {
  const root = await readArchiveRoot(store, rootCid)
  const entries: Array<[string, UrlEntry]> = []
  for await (const [, entry] of (await UrlMap.load(store, root.urls)).range({})) entries.push([surtV1(entry.url), entry])
  const map = await UrlMap.fromSorted(store, entries.sort(([a], [b]) => compareKeys(a, b)))
  const formats = { iparo: root.manifest.formats.iparo, archive: root.manifest.formats.archive }
  return writeArchiveRoot(store, { ...root, manifest: { ...root.manifest, formats }, urls: map.root })
}

const CAPTURED = 'http://10.0.0.1/wiki/Mona_Lisa%2C_1503/'
const page = (date: string, body: string): Uint8Array => responseRecord(CAPTURED, date, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', body)

describe('archives of key scheme 1, on the paths users run', () => {
  it('replay a URL whose scheme-1 and scheme-2 keys differ, exactly and near', async () => {
    expect(surtV1(CAPTURED)).not.toBe(surt(CAPTURED))
    const store = new MemoryBlockStore()
    const old = await asSchemeOne(store, (await ingestBytes(store, page('2013-05-01T10:00:00Z', 'Mona Lisa'))).rootCid)
    const handler = new ReplayHandler({ blocks: store, locator: { async locate (name) { if (name !== 'a') throw new NotFoundError(name); return old } } })
    for (const path of [`/a/20130501100000id_/${CAPTURED}`, `/a/20130501100000id_/${CAPTURED}?_=1367402400000`, `/a/timemap/link/${CAPTURED}`]) {
      const request = new Request(`http://node.test${path}`, { redirect: 'manual' })
      const r = await handler.handle(request, new URL(request.url))
      expect(r.status, path).toBe(200)
      if (path.includes('id_')) expect(await r.text(), path).toBe('Mona Lisa')
    }
  })

  it('keep each URL on one chain when a later ingest appends to them, and stay scheme 1', async () => {
    const store = new MemoryBlockStore()
    const old = await asSchemeOne(store, (await ingestBytes(store, page('2013-05-01T10:00:00Z', 'first'))).rootCid)
    const { rootCid } = await ingestIntoArchive({
      store, from: { root: await readArchiveRoot(store, old) }, hashers, sources: [{ name: 'later.warc', open: () => chunks(page('2014-05-01T10:00:00Z', 'second')) }]
    })
    const reader = await ArchiveReader.open(store, rootCid)
    expect(reader.keyScheme).toBe(1)
    expect(reader.urls.count).toBe(1)
    const entry = await reader.lookup(CAPTURED)
    expect(entry?.count).toBe(2)
    if (entry != null) expect((await reader.timemap(entry)).mementos.map(m => m.datetime)).toEqual(['2013-05-01T10:00:00Z', '2014-05-01T10:00:00Z'])
  })

  it('are not what new archives are: those record key scheme 2', async () => {
    const store = new MemoryBlockStore()
    const reader = await ArchiveReader.open(store, (await ingestBytes(store, page('2013-05-01T10:00:00Z', 'x'))).rootCid)
    expect(reader.root.manifest.formats.keys).toBe(2)
    expect(await reader.urls.get(surt(CAPTURED))).toBeDefined()
  })
})
