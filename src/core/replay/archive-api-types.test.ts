import { beforeAll, describe, expect, it } from 'vitest'
import { ingestBytes, manifest } from '../archive/archive-test-support.ts'
import { syntheticPage, writeSyntheticArchive } from '../archive/synthetic-archive.test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { CountingBlockStore } from '../url-map/url-map-fixtures.ts'
import { archiveApi } from './archive-api.test-support.ts'
import { SEARCH_BUDGET, type PagesReply } from './archive-api-handler.ts'
import { responseRecord } from './replay-test-support.ts'

const html = (title: string): string => `<html><head><title>${title}</title></head><body>${title}</body></html>`

/** A small site: pages, a redirect, an error page, and the resources a page loads (a font served as octet-stream). */
function siteWarc (): Uint8Array {
  const at = (s: number): string => `2020-01-01T00:00:${String(s).padStart(2, '0')}Z`
  return Buffer.concat([
    responseRecord('http://site.test/', at(1), 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8', html('Home')),
    responseRecord('http://site.test/about', at(2), 'HTTP/1.1 200 OK\r\nContent-Type: text/html', html('About')),
    responseRecord('http://site.test/old', at(3), 'HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html\r\nLocation: /about', html('301 Moved Permanently')),
    responseRecord('http://site.test/gone', at(4), 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html', html('404 Not Found')),
    responseRecord('http://site.test/s.css', at(5), 'HTTP/1.1 200 OK\r\nContent-Type: text/css', 'body{}'),
    responseRecord('http://site.test/f/a.ttf', at(6), 'HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream', 'font'),
    responseRecord('http://site.test/f/b.woff2', at(7), 'HTTP/1.1 200 OK\r\nContent-Type: font/woff2', 'font'),
    responseRecord('http://site.test/logo.png', at(8), 'HTTP/1.1 200 OK\r\nContent-Type: image/png', 'png'),
    responseRecord('http://site.test/app.js', at(9), 'HTTP/1.1 200 OK\r\nContent-Type: application/javascript', '1'),
    // a later capture that redirects: the newest capture decides; an older one found after it does not
    responseRecord('http://site.test/moved', at(10), 'HTTP/1.1 200 OK\r\nContent-Type: text/html', html('Was here')),
    responseRecord('http://site.test/moved', at(30), 'HTTP/1.1 302 Found\r\nContent-Type: text/html\r\nLocation: https://elsewhere.test/x?y=1', html('302 Found')),
    responseRecord('http://site.test/moved', at(20), 'HTTP/1.1 200 OK\r\nContent-Type: text/html', html('Was here again'))
  ])
}

describe('the archive API by type', () => {
  let get: (path: string) => Promise<PagesReply>
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await ingestBytes(store, siteWarc())
    get = archiveApi(store, { s: rootCid })
  })

  it('lists each URL with the type, status and redirect target of its newest capture', async () => {
    const all = await get('/api/v1/archive/s/pages')
    const byUrl = Object.fromEntries(all.pages.map(p => [p.url, p]))
    expect(byUrl['http://site.test/']).toMatchObject({ type: 'page', mime: 'text/html', status: 200, title: 'Home' })
    expect(byUrl['http://site.test/old']).toMatchObject({ type: 'other', status: 301, location: 'http://site.test/about' })
    expect(byUrl['http://site.test/gone']).toMatchObject({ type: 'other', status: 404 })
    expect(byUrl['http://site.test/f/a.ttf']).toMatchObject({ type: 'font', typeFrom: 'url', mime: 'application/octet-stream' })
    expect(byUrl['http://site.test/f/b.woff2']).toMatchObject({ type: 'font', mime: 'font/woff2' })
    expect(byUrl['http://site.test/f/b.woff2']?.typeFrom).toBeUndefined()
    expect(byUrl['http://site.test/moved']).toMatchObject({ type: 'other', status: 302, location: 'https://elsewhere.test/x?y=1', count: 3 })
  })

  it('filters by type, alone or with a prefix or text', async () => {
    const urls = async (query: string): Promise<string[]> => (await get(`/api/v1/archive/s/pages?${query}`)).pages.map(p => p.url)
    expect(await urls('type=page')).toEqual(['http://site.test/', 'http://site.test/about'])
    expect(await urls('type=font')).toEqual(['http://site.test/f/a.ttf', 'http://site.test/f/b.woff2'])
    expect(await urls('type=stylesheet')).toEqual(['http://site.test/s.css'])
    expect(await urls('type=script')).toEqual(['http://site.test/app.js'])
    expect(await urls('type=image')).toEqual(['http://site.test/logo.png'])
    expect(await urls('type=media')).toEqual([])
    expect((await urls('type=other')).sort()).toEqual(['http://site.test/gone', 'http://site.test/moved', 'http://site.test/old'])
    expect(await urls('type=font&prefix=site.test/f/b')).toEqual(['http://site.test/f/b.woff2'])
    expect(await urls('type=page&q=about')).toEqual(['http://site.test/about'])
    const reply = await get('/api/v1/archive/s/pages?type=page&limit=1')
    expect(reply.pages).toHaveLength(1)
    expect(reply.next).toBe(reply.pages[0]?.key)
    expect(reply.total).toBeUndefined()
    const rest = await get(`/api/v1/archive/s/pages?type=page&after=${encodeURIComponent(reply.next ?? '')}`)
    expect(rest.pages.map(p => p.url)).toEqual(['http://site.test/about'])
    expect(rest.next).toBeUndefined()
  })

  it('refuses an unknown type, and a type with an offset', async () => {
    await expect(get('/api/v1/archive/s/pages?type=fonts')).rejects.toThrow(/400.*type must be one of page, image/)
    await expect(get('/api/v1/archive/s/pages?type=page&offset=0')).rejects.toThrow(/400.*by after, not by offset/)
  })
})

describe('the type filter on 100,000 entries written without types', () => {
  it('guesses from the URL, and scans a bounded stretch per request, reading few blocks', async () => {
    const store = new CountingBlockStore(new MemoryBlockStore())
    const { rootCid } = await writeSyntheticArchive(store, manifest, 100_000)
    const get = archiveApi(store, { big: rootCid })
    const pages = await get('/api/v1/archive/big/pages?type=page&limit=3')
    expect(pages.pages.map(p => [p.url, p.type, p.typeFrom])).toEqual([0, 1, 2].map(i => [syntheticPage(i).entry.url, 'page', 'url']))
    await get('/api/v1/archive/big/pages?limit=1')
    store.reset()
    const fonts = await get('/api/v1/archive/big/pages?type=font')
    expect(fonts).toMatchObject({ pages: [], scanned: SEARCH_BUDGET, next: syntheticPage(SEARCH_BUDGET - 1).key })
    // the path to the first leaf and the leaves holding 5,000 entries (~128 a leaf)
    expect(store.gets).toBeLessThan(SEARCH_BUDGET / 128 + 20)
    const on = await get(`/api/v1/archive/big/pages?type=font&after=${encodeURIComponent(fonts.next ?? '')}`)
    expect(on).toMatchObject({ pages: [], scanned: SEARCH_BUDGET, next: syntheticPage(2 * SEARCH_BUDGET - 1).key })
  }, 60_000)
})
