import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { hashers, manifest } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { ReplayHandler } from '../replay/replay-handler.ts'
import { handlerFetch, responseRecord } from '../replay/replay-test-support.ts'
import { addFilesToArchive } from './add-files-to-archive.ts'
import { indexKey } from './file-index-builder.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import { writeFileIndex } from './file-index.ts'
import { writeFileIparo } from './file-iparo.ts'

const A = responseRecord('http://a.test/', '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'the page of a')
const B = responseRecord('http://b.test/', '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'the page of b')
const FILE = new Uint8Array([...A, ...B])

const entry = (uri: string, offset: number, length: number): FileIndexEntry => ({
  key: indexKey(uri, '2020-01-01T00:00:00Z'), uri, datetime: '2020-01-01T00:00:00Z', offset, length, type: 'response', status: 200, mime: 'text/plain'
})

/** An archive of one file IPARO of FILE whose index says what `entries` say, served under `a`. */
async function servedWith (entries: FileIndexEntry[], alone = false): Promise<{ fetch: (path: string) => Promise<Response>, store: MemoryBlockStore, file: CID }> {
  const store = new MemoryBlockStore()
  const index = await writeFileIndex(store, entries)
  async function * content (): AsyncGenerator<Uint8Array> { yield FILE }
  const file = await writeFileIparo(store, { type: 'warc', name: 'two.warc', content: content(), index, records: entries.length, datetime: '2020-01-01T00:00:00Z', gzip: false, chunkSize: 64, hashers })
  const { cid } = await addFilesToArchive(store, { manifest }, [{ iparo: file.cid, index, name: 'two.warc' }], '2026-01-01T00:00:00Z')
  const handler = new ReplayHandler({ blocks: store, locator: { async locate (name) { if (name !== 'a') throw new NotFoundError(name); return alone ? file.cid : cid } } })
  return { fetch: handlerFetch(handler), store, file: file.file.cid }
}

const served = async (entries: FileIndexEntry[]): Promise<(path: string) => Promise<Response>> => (await servedWith(entries)).fetch

describe('a whole-file IPARO whose index lies', () => {
  it('replays what an honest index names', async () => {
    const fetch = await served([entry('http://a.test/', 0, A.byteLength - 4), entry('http://b.test/', A.byteLength, B.byteLength - 4)])
    const r = await fetch('/a/20200101000000id_/http://b.test/')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('the page of b')
  })

  it('replays given the file IPARO\'s CID alone as the archive', async () => {
    const { fetch } = await servedWith([entry('http://a.test/', 0, A.byteLength - 4), entry('http://b.test/', A.byteLength, B.byteLength - 4)], true)
    const r = await fetch('/a/20200101000000id_/http://a.test/')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe('the page of a')
    expect((await fetch('/a/20200101000000id_/http://c.test/')).status).toBe(404)
  })

  it('answers 502, never the other record, when an entry points at another record', async () => {
    const fetch = await served([entry('http://a.test/', A.byteLength, B.byteLength - 4)])
    const r = await fetch('/a/20200101000000id_/http://a.test/')
    expect(r.status).toBe(502)
    expect(await r.text()).toMatch(/not the one the index names/)
  })

  it('answers 502 for bytes outside the file, and for a range that cuts a record', async () => {
    const outside = await served([entry('http://a.test/', FILE.byteLength - 10, 100)])
    const r1 = await outside('/a/20200101000000id_/http://a.test/')
    expect(r1.status).toBe(502)
    expect(await r1.text()).toMatch(/bytes .* of a \d+-byte file/)
    const cut = await served([entry('http://a.test/', 0, 60)])
    expect((await cut('/a/20200101000000id_/http://a.test/')).status).toBe(502)
  })

  it('answers 502 when a block of the file is not what its CID says', async () => {
    const { fetch, store, file } = await servedWith([entry('http://a.test/', 0, A.byteLength - 4)])
    const first = dagPb.decode(await store.get(file)).Links[0]
    if (first == null) throw new Error('the file has no leaves')
    await store.put(first.Hash, new TextEncoder().encode('the page of z'))
    const r = await fetch('/a/20200101000000id_/http://a.test/')
    expect(r.status).toBe(502)
    expect(await r.text()).toMatch(/failed verification/)
  })
})
