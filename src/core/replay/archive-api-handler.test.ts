import type { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingestFixtures, manifest } from '../archive/archive-test-support.ts'
import { syntheticPage, writeSyntheticArchive } from '../archive/synthetic-archive.test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { statusForError } from '../routing/error-status.ts'
import { CountingBlockStore } from '../url-map/url-map-fixtures.ts'
import { ArchiveApiHandler, SEARCH_BUDGET, type ArchiveSummary, type PagesReply } from './archive-api-handler.ts'

const ORIGIN = 'http://node.test'

/** The handler over named in-memory archives, answering like an edge: thrown errors become statuses. */
function apiOf (store: MemoryBlockStore | CountingBlockStore, archives: Record<string, CID>): (path: string, init?: RequestInit) => Promise<Response> {
  const handler = new ArchiveApiHandler(store, {
    async locate (name) {
      const root = archives[name]
      if (root == null) throw new NotFoundError(`no archive ${name}`)
      return root
    }
  })
  return async (path, init) => {
    const request = new Request(`${ORIGIN}${path}`, init)
    const url = new URL(request.url)
    if (!handler.canHandle(request, url)) return new Response('unclaimed', { status: 599 })
    try {
      return await handler.handle(request, url)
    } catch (err) {
      return new Response(String(err), { status: statusForError(err) })
    }
  }
}

describe('the archive API on an ingested archive', () => {
  let get: (path: string, init?: RequestInit) => Promise<Response>
  let rootCid: CID
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    ;({ rootCid } = await ingestFixtures(store, ['ipwb/5mementos.warc', 'ipwb/salam-home.warc', 'pywb/example.warc']))
    get = apiOf(store, { a: rootCid })
  })

  it('gives the manifest, root and counts', async () => {
    const r = await get('/api/v1/archive/a')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    const body = await r.json() as ArchiveSummary
    expect(body).toEqual({
      archive: 'a',
      root: rootCid.toString(),
      manifest: { title: 'test', description: '', created: '2026-01-01T00:00:00Z', software: 'iparo-test' },
      counts: { urls: expect.any(Number) as number, mementos: expect.any(Number) as number }
    })
    expect(body.counts.mementos).toBeGreaterThanOrEqual(body.counts.urls + 4)
  })

  it('lists pages in key order with 14-digit first/last, and pages on by after and by offset alike', async () => {
    const all = await (await get('/api/v1/archive/a/pages?limit=1000')).json() as PagesReply
    const { counts } = await (await get('/api/v1/archive/a')).json() as ArchiveSummary
    expect(all.total).toBe(counts.urls)
    expect(all.pages).toHaveLength(counts.urls)
    expect(all.next).toBeUndefined()
    const memento = all.pages.find(p => p.url === 'http://memento.us/')
    expect(memento).toMatchObject({ key: 'us,memento)/', first: '20130202100000', last: '20161231110001', count: 5 })
    const keys = all.pages.map(p => p.key)
    expect([...keys].sort()).toEqual(keys)

    const byAfter: string[] = []
    for (let after: string | undefined; ;) {
      const page = await (await get(`/api/v1/archive/a/pages?limit=2${after != null ? `&after=${encodeURIComponent(after)}` : ''}`)).json() as PagesReply
      byAfter.push(...page.pages.map(p => p.key))
      if (page.next == null) break
      after = page.next
    }
    expect(byAfter).toEqual(keys)
    const window = await (await get('/api/v1/archive/a/pages?offset=1&limit=2')).json() as PagesReply
    expect(window).toMatchObject({ offset: 1, total: keys.length })
    expect(window.pages.map(p => p.key)).toEqual(keys.slice(1, 3))
  })

  it('narrows by URL or host prefix and by text in URL and title', async () => {
    const host = await (await get('/api/v1/archive/a/pages?prefix=memento.us')).json() as PagesReply
    expect(host.pages.map(p => p.url)).toEqual(['http://memento.us/'])
    expect(host.total).toBe(1)
    const none = await (await get('/api/v1/archive/a/pages?prefix=nowhere.example')).json() as PagesReply
    expect(none).toEqual({ pages: [], total: 0 })
    const text = await (await get('/api/v1/archive/a/pages?q=MEMENTO')).json() as PagesReply
    expect(text.pages.map(p => p.url)).toEqual(['http://memento.us/'])
    expect(text.next).toBeUndefined()
    const titled = (await (await get('/api/v1/archive/a/pages?limit=1000')).json() as PagesReply).pages.find(p => p.title != null && p.title.length > 3)
    if (titled?.title == null) throw new Error('no titled page in the fixtures')
    const byTitle = await (await get(`/api/v1/archive/a/pages?q=${encodeURIComponent(titled.title.slice(1, -1))}`)).json() as PagesReply
    expect(byTitle.pages.map(p => p.key)).toContain(titled.key)
  })

  it('answers bad requests with 400, unknown archives and paths with 404, writes with 405; other paths are not claimed', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=x', 'offset=-1', 'offset=1&after=a', 'offset=0&q=x']) {
      expect((await get(`/api/v1/archive/a/pages?${q}`)).status, q).toBe(400)
    }
    expect((await get('/api/v1/archive/nope')).status).toBe(404)
    expect((await get('/api/v1/archive/a/other')).status).toBe(404)
    expect((await get('/api/v1/archive/a/pages/x')).status).toBe(404)
    expect((await get('/api/v1/archive/%E0%A4%A')).status).toBe(400)
    expect((await get('/api/v1/archive/a', { method: 'POST' })).status).toBe(405)
    expect((await get('/api/v1/archives')).status).toBe(599)
    const head = await get('/api/v1/archive/a', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})

describe('the archive API on 100,000 pages', () => {
  const N = 100_000
  let get: (path: string) => Promise<Response>
  let store: CountingBlockStore
  beforeAll(async () => {
    store = new CountingBlockStore(new MemoryBlockStore())
    const { rootCid } = await writeSyntheticArchive(store, manifest, N)
    get = apiOf(store, { big: rootCid })
  }, 60_000)

  it('serves a window anywhere by offset, reading a few blocks, not the pages before it', async () => {
    await get('/api/v1/archive/big/pages?offset=0&limit=1')
    store.reset()
    const middle = await (await get('/api/v1/archive/big/pages?offset=50000&limit=100')).json() as PagesReply
    expect(middle.total).toBe(N)
    expect(middle.pages.map(p => p.key)).toEqual(Array.from({ length: 100 }, (_, i) => syntheticPage(50_000 + i).key))
    expect(middle.next).toBe(syntheticPage(50_099).key)
    // the root, one node per level below it, and the leaves holding 100 entries
    expect(store.gets).toBeLessThan(12)
    const end = await (await get(`/api/v1/archive/big/pages?offset=${N - 10}&limit=100`)).json() as PagesReply
    expect(end.pages.map(p => p.key)).toEqual(Array.from({ length: 10 }, (_, i) => syntheticPage(N - 10 + i).key))
    expect(end.next).toBeUndefined()
    expect((await (await get(`/api/v1/archive/big/pages?offset=${N + 5}`)).json() as PagesReply).pages).toEqual([])
  })

  it('counts a host prefix from positions and offsets within it', async () => {
    const host = await (await get('/api/v1/archive/big/pages?prefix=host0042.example.com&offset=990&limit=100')).json() as PagesReply
    expect(host.total).toBe(1000)
    expect(host.pages.map(p => p.url)).toEqual(Array.from({ length: 10 }, (_, i) => syntheticPage(42_990 + i).entry.url))
  })

  it('searches text in bounded steps, going on from next', async () => {
    const first = await (await get('/api/v1/archive/big/pages?q=page%2099999')).json() as PagesReply
    expect(first.pages).toEqual([])
    expect(first.scanned).toBe(SEARCH_BUDGET)
    expect(first.next).toBe(syntheticPage(SEARCH_BUDGET - 1).key)
    let after = first.next
    const found: string[] = []
    while (after != null) {
      const page = await (await get(`/api/v1/archive/big/pages?q=page%2099999&after=${encodeURIComponent(after)}`)).json() as PagesReply
      found.push(...page.pages.map(p => p.url))
      after = page.next
    }
    expect(found).toEqual([syntheticPage(99_999).entry.url])
  })
})
