import { describe, expect, it } from 'vitest'
import { chunks, hashers, manifest } from '../../archive/archive-test-support.ts'
import { ingestIntoArchive, type IngestSource } from '../../archive/ingest-into-archive.ts'
import type { ArchiveRoot } from '../../archive/archive-root.ts'
import { MemoryBlockStore } from '../../blocks.ts'
import { NotFoundError } from '../../errors.ts'
import { ArchiveApiHandler, type PageRow, type PagesReply } from '../../replay/archive-api-handler.ts'
import { responseRecord } from '../../replay/replay-test-support.ts'
import { memorySource } from './byte-source.ts'
import { waczItems } from './wacz-items.ts'
import { buildWacz } from './wacz.test-support.ts'

const waczSource = (name: string, bytes: Uint8Array): IngestSource => ({
  name,
  items: (sink) => waczItems(memorySource(bytes), { file: name, ctx: { file: name, sink, hashers, keepSecrets: false }, warcBytes: (m) => m })
})

async function pageRows (store: MemoryBlockStore, root: Awaited<ReturnType<typeof ingestIntoArchive>>['rootCid']): Promise<PageRow[]> {
  const api = new ArchiveApiHandler(store, { async locate (a) { if (a !== 'a') throw new NotFoundError(a); return root } })
  const url = new URL('http://node.test/api/v1/archive/a/pages')
  return (await (await api.handle(new Request(url), url)).json() as PagesReply).pages
}

describe('a WACZ ingested into an archive', () => {
  it('marks its pages in the URL map with the crawl\'s titles, and keeps them marked through later ingests', async () => {
    const store = new MemoryBlockStore()
    const first = await ingestIntoArchive({ store, from: { manifest }, hashers, sources: [waczSource('t.wacz', await buildWacz())] })
    expect(first.summary.wacz).toEqual([{ file: 't.wacz', pages: 3, signature: 'absent' }])
    expect(first.summary.warnings.map(w => [w.file, w.code])).toEqual([
      ['t.wacz#pages/pages.jsonl', 'wacz-page-invalid'],
      ['t.wacz#pages/pages.jsonl', 'page-not-captured']
    ])
    const rows = (await pageRows(store, first.rootCid)).map(r => [r.url, r.title, r.page])
    expect(rows).toEqual([
      // the title pages.jsonl gives wins over the HTML's
      ['http://example.com/', 'Crawl title', true],
      ['http://example.com/b', undefined, true],
      ['http://example.com/style.css', undefined, undefined]
    ])
    // a later capture of a page keeps it a page
    const later = responseRecord('http://example.com/b', '2025-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html', '<title>B</title>')
    const root: ArchiveRoot = first.root
    const second = await ingestIntoArchive({ store, from: { root }, hashers, sources: [{ name: 'later.warc', open: () => chunks(later) }] })
    expect((await pageRows(store, second.rootCid)).map(r => [r.url, r.title, r.page])[1]).toEqual(['http://example.com/b', 'B', true])
  })

  it('marks the same pages when a run holds fewer pages than the WACZ names (marked as they come)', async () => {
    const whole = new MemoryBlockStore()
    const held = new MemoryBlockStore()
    const a = await ingestIntoArchive({ store: whole, from: { manifest }, hashers, sources: [waczSource('t.wacz', await buildWacz())] })
    const b = await ingestIntoArchive({ store: held, from: { manifest }, hashers, sources: [waczSource('t.wacz', await buildWacz())], limits: { pages: 1 } })
    expect(b.summary.warnings).toEqual(a.summary.warnings)
    expect(await pageRows(held, b.rootCid)).toEqual(await pageRows(whole, a.rootCid))
  })
})
