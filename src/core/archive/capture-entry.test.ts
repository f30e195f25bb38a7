import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { archiveApi } from '../replay/archive-api.test-support.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { MAX_ENTRY_LOCATION } from '../url-map/url-entry.ts'
import { chunks, hashers, manifest } from './archive-test-support.ts'
import { ingestIntoArchive } from './ingest-into-archive.ts'
import type { ArchiveRoot } from './archive-root.ts'

/** One ingest run of `warc` into a new archive or onto `root`; the listing of its URLs. */
async function run (store: MemoryBlockStore, warc: Uint8Array, root?: ArchiveRoot): Promise<{ root: ArchiveRoot, rows: Record<string, unknown> }> {
  const result = await ingestIntoArchive({ store, from: root != null ? { root } : { manifest }, sources: [{ name: 'run.warc', open: () => chunks(warc) }], hashers, keepSecrets: false })
  const { pages } = await archiveApi(store, { a: result.rootCid })('/api/v1/archive/a/pages')
  return { root: result.root, rows: Object.fromEntries(pages.map(p => [p.url, p])) }
}

describe('the URL entry\'s facts of the newest capture', () => {
  it('follow the newest capture across runs; an older capture ingested later leaves them', async () => {
    const store = new MemoryBlockStore()
    const first = await run(store, responseRecord('http://a.test/x', '2020-01-01T00:00:00Z', 'HTTP/1.1 302 Found\r\nContent-Type: text/html\r\nLocation: ../y#top', 'moved'))
    expect(first.rows['http://a.test/x']).toMatchObject({ status: 302, mime: 'text/html', location: 'http://a.test/y#top', type: 'other' })
    const older = await run(store, responseRecord('http://a.test/x', '2019-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html', '<title>X</title>'), first.root)
    expect(older.rows['http://a.test/x']).toMatchObject({ status: 302, location: 'http://a.test/y#top', count: 2, first: '20190101000000' })
    const newer = await run(store, responseRecord('http://a.test/x', '2021-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8', '<title>X</title>'), older.root)
    expect(newer.rows['http://a.test/x']).toMatchObject({ status: 200, mime: 'text/html', type: 'page', title: 'X', count: 3 })
    expect(newer.rows['http://a.test/x']).not.toHaveProperty('location')
  })

  it('leave out what an entry may not hold, and keep the rest', async () => {
    const store = new MemoryBlockStore()
    const long = `http://a.test/${'l'.repeat(MAX_ENTRY_LOCATION)}`
    const { rows } = await run(store, Buffer.concat([
      responseRecord('http://a.test/long', '2020-01-01T00:00:00Z', `HTTP/1.1 301 Moved\r\nLocation: ${long}`, ''),
      responseRecord('http://a.test/bad', '2020-01-01T00:00:00Z', 'HTTP/1.1 307 Temporary Redirect\r\nLocation: http://[::1', ''),
      responseRecord('http://a.test/none', '2020-01-01T00:00:00Z', 'HTTP/1.1 303 See Other\r\nContent-Type: TEXT/HTML', '')
    ]))
    expect(rows['http://a.test/long']).toMatchObject({ status: 301 })
    expect(rows['http://a.test/long']).not.toHaveProperty('location')
    expect(rows['http://a.test/long']).not.toHaveProperty('mime')
    expect(rows['http://a.test/bad']).toMatchObject({ status: 307 })
    expect(rows['http://a.test/bad']).not.toHaveProperty('location')
    expect(rows['http://a.test/none']).toMatchObject({ status: 303, mime: 'text/html', type: 'other' })
  })
})
