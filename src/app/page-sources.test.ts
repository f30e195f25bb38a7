import { beforeAll, describe, expect, it } from 'vitest'
import { manifest } from '../core/archive/archive-test-support.ts'
import { syntheticPage, writeSyntheticArchive } from '../core/archive/synthetic-archive.test-support.ts'
import { MemoryBlockStore } from '../core/blocks.ts'
import { NotFoundError } from '../core/errors.ts'
import { ArchiveApiHandler } from '../core/replay/archive-api-handler.ts'
import { errorResponse } from '../core/routing/error-response.ts'
import { getJsonVia, type GetJson } from './archive-api-client.ts'
import { OffsetPageSource, WINDOW } from './offset-page-source.ts'
import type { PageSource } from './page-source.ts'
import { SearchPageSource } from './search-page-source.ts'
import { SortedPageSource } from './sorted-page-source.ts'

const N = 100_000

/** Resolves once `ok` holds, checked at every change the source announces. */
async function until (source: PageSource, ok: () => boolean): Promise<void> {
  while (!ok()) {
    if (source.error != null) throw new Error(source.error)
    await new Promise(resolve => { source.addEventListener('change', resolve, { once: true }) })
  }
}

describe('page sources over the real archive API', () => {
  let getJson: GetJson
  let paths: string[]
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await writeSyntheticArchive(store, manifest, N)
    const handler = new ArchiveApiHandler(store, { async locate (a) { if (a !== 'big') throw new NotFoundError(`no archive ${a}`); return rootCid } })
    paths = []
    // the same shape the replay host relays: status, content type, body text
    getJson = getJsonVia(async (path) => {
      paths.push(path)
      const request = new Request(`http://worker.test${path}`)
      const response = await handler.handle(request, new URL(request.url)).catch(err => errorResponse(err, () => {}))
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() }
    })
  }, 60_000)

  it('jumps to the middle and the end fetching only the windows asked for', async () => {
    paths.length = 0
    const source = new OffsetPageSource(getJson, 'big')
    await until(source, () => source.settled)
    expect(source.length).toBe(N)
    expect(source.rowAt(0)?.key).toBe(syntheticPage(0).key)
    source.want(50_000, 50_020)
    await until(source, () => source.rowAt(50_019) != null)
    expect(source.rowAt(50_010)?.url).toBe(syntheticPage(50_010).entry.url)
    source.want(N - 15, N)
    await until(source, () => source.rowAt(N - 1) != null)
    expect(source.rowAt(N - 1)?.key).toBe(syntheticPage(N - 1).key)
    expect(source.requests).toBe(3)
    expect(paths).toEqual([
      '/api/v1/archive/big/pages?offset=0&limit=100',
      `/api/v1/archive/big/pages?offset=${50_000}&limit=100`,
      `/api/v1/archive/big/pages?offset=${N - WINDOW}&limit=100`
    ])
  })

  it('only starts windows still wanted: a scroll past many windows costs the last one', async () => {
    const source = new OffsetPageSource(getJson, 'big')
    await until(source, () => source.settled)
    for (let at = 1000; at < 90_000; at += 1000) source.want(at, at + 20)
    await until(source, () => source.rowAt(89_000) != null)
    // the first two wants start at once (two in flight), the rest were superseded before a slot freed
    expect(source.requests).toBeLessThanOrEqual(4)
  })

  it('lists in descending order by position from the end', async () => {
    const source = new OffsetPageSource(getJson, 'big', { descending: true })
    await until(source, () => source.settled)
    source.want(0, 150)
    await until(source, () => source.rowAt(149) != null)
    expect(source.rowAt(0)?.key).toBe(syntheticPage(N - 1).key)
    expect(source.rowAt(149)?.key).toBe(syntheticPage(N - 150).key)
  })

  it('narrows to a host prefix with its own total', async () => {
    const source = new OffsetPageSource(getJson, 'big', { prefix: 'http://host0007.example.com/' })
    await until(source, () => source.settled)
    expect(source.length).toBe(1000)
    expect(source.rowAt(0)?.url).toBe(syntheticPage(7000).entry.url)
  })

  it('searches text in steps until rows fill the list or the archive ends', async () => {
    const source = new SearchPageSource(getJson, 'big', { q: 'synthetic page 4999' })
    await until(source, () => source.settled)
    expect(source.length).toBe(11) // 4999 and 49990…49999
    expect(source.rowAt(0)?.title).toBe('Synthetic page 4999')
    expect(source.scanned).toBe(N)
  })

  it('sorts a narrowed list by other orders, and refuses to fetch a whole large archive for it', async () => {
    const host = new SortedPageSource(getJson, 'big', 'captures', { prefix: 'host0003.example.com' })
    await until(host, () => host.settled)
    expect(host.length).toBe(1000)
    const counts = Array.from({ length: 1000 }, (_, i) => host.rowAt(i)?.count ?? 0)
    expect(counts).toEqual([...counts].sort((a, b) => b - a))
    expect(counts[0]).toBe(5)
    const found = new SortedPageSource(getJson, 'big', 'newest', { q: 'synthetic page 4999' })
    await until(found, () => found.settled)
    expect(found.length).toBe(11)
    const lasts = Array.from({ length: 11 }, (_, i) => found.rowAt(i)?.last ?? '')
    expect(lasts).toEqual([...lasts].sort().reverse())
    const all = new SortedPageSource(getJson, 'big', 'title', {})
    await until(all, () => all.settled)
    expect(all.error).toMatch(/^Only lists of up to 1,000 URLs can be sorted this way/)
    expect(all.requests).toBe(1)
    // the pages view of a large archive: scanned until more pages than can be sorted are found
    const pages = new SortedPageSource(getJson, 'big', 'title', { type: 'page' })
    await until(pages, () => pages.settled)
    expect(pages.error).toMatch(/^Only lists of up to 1,000 pages can be sorted this way/)
    expect(pages.requests).toBe(2)
  })

  it('lists a kind of URL in steps, named for it', async () => {
    // synthetic entries hold no type: their extension-less paths are taken for pages, and none is a font
    const pages = new SearchPageSource(getJson, 'big', { type: 'page', prefix: 'host0007.example.com' })
    await until(pages, () => pages.length >= 50)
    expect(pages.rowAt(0)).toMatchObject({ url: syntheticPage(7000).entry.url, type: 'page', typeFrom: 'url' })
    expect(pages.noun).toEqual(['page', 'pages'])
    const fonts = new SearchPageSource(getJson, 'big', { type: 'font', prefix: 'host0007.example.com' })
    await until(fonts, () => fonts.settled)
    expect(fonts.length).toBe(0)
    expect(fonts.scanned).toBe(1000)
    expect(fonts.noun).toEqual(['font', 'fonts'])
  })

  it('turns a failure into a sentence', async () => {
    const source = new OffsetPageSource(getJson, 'gone')
    await new Promise(resolve => { source.addEventListener('change', resolve, { once: true }) })
    expect(source.error).toMatch(/^Not found: no archive gone/)
  })
})
