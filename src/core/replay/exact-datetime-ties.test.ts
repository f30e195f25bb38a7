import { describe, expect, it } from 'vitest'
import { chunks, hashers, manifest } from '../archive/archive-test-support.ts'
import { ingestIntoArchive } from '../archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../blocks.ts'
import type { ArchiveRoot } from '../archive/archive-root.ts'
import type { CID } from 'multiformats/cid'
import { ReplayHandler } from './replay-handler.ts'
import { responseRecord } from './replay-test-support.ts'

const URL_ = 'http://ties.example/page'
const DATE = '2020-05-05T05:05:05Z'
const page = (body: string): Uint8Array => responseRecord(URL_, DATE, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', body)

/** One ingest run of `warc` on top of `root` (a new archive without one). */
async function ingest (store: MemoryBlockStore, warc: Uint8Array, root?: ArchiveRoot): Promise<{ rootCid: CID, root: ArchiveRoot }> {
  return ingestIntoArchive({ store, from: root != null ? { root } : { manifest }, sources: [{ name: 'x.warc', open: () => chunks(warc) }], hashers })
}

async function get (store: MemoryBlockStore, rootCid: CID, path: string): Promise<Response> {
  const handler = new ReplayHandler({ blocks: store, locator: { locate: async () => rootCid } })
  const request = new Request(`http://node.test${path}`, { redirect: 'manual' })
  return handler.handle(request, new URL(request.url))
}

describe('two captures of one URL at the very same datetime, ingested one after the other', () => {
  it('leave the URI-M replaying the earlier-ingested capture; the later one stays in the TimeMap', async () => {
    const store = new MemoryBlockStore()
    const first = await ingest(store, page('first capture'))
    const uriM = `/a/20200505050505/${URL_}`
    expect(await (await get(store, first.rootCid, uriM)).text()).toBe('first capture')

    const second = await ingest(store, page('second capture'), first.root)
    expect(second.rootCid.equals(first.rootCid)).toBe(false)
    // the same link, after the second ingest: still the first capture
    const again = await get(store, second.rootCid, uriM)
    expect(again.status).toBe(200)
    expect(await again.text()).toBe('first capture')
    // so is the latest, and the TimeGate at that instant
    const latest = await get(store, second.rootCid, `/a/${URL_}`)
    expect(latest.headers.get('location')).toBe(`http://node.test${uriM}`)
    // the later capture is not lost: the TimeMap lists both
    const timemap = await (await get(store, second.rootCid, `/a/timemap/json/${URL_}`)).json() as { mementos: { list: unknown[] } }
    expect(timemap.mementos.list).toHaveLength(2)
  })
})
