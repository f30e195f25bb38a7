import type { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { manifest } from '../archive/archive-test-support.ts'
import { syntheticPage, writeSyntheticArchive } from '../archive/synthetic-archive.test-support.ts'
import { addFilesToArchive } from '../files/add-files-to-archive.ts'
import { digits14, indexOnlyFile, type Capture } from '../files/file-pages.test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { surt } from '../surt.ts'
import { compareKeys } from '../url-map/key-order.ts'
import type { ArchiveSummary, PageRow, PagesReply } from './archive-api-handler.ts'
import { archiveApi } from './archive-api.test-support.ts'

const N = 2500
const page = (i: number): string => syntheticPage(i).entry.url

// file A: URLs the map has (0, 7, 1500: earlier and later than the map's dates), URLs it lacks
// (between map keys, at a host's end, before and after every map key), one URL captured twice
const FILE_A: Capture[] = [
  { uri: page(0), datetime: '2005-05-05T05:05:05Z' },
  { uri: page(7), datetime: '2030-01-01T00:00:00Z' },
  { uri: page(1500), datetime: '2015-01-01T00:00:00Z', type: 'revisit' },
  { uri: `${page(3)}b`, datetime: '2012-01-01T00:00:00Z' },
  { uri: `${page(3)}b`, datetime: '2013-01-01T00:00:00Z' },
  { uri: `${page(999)}z`, datetime: '2012-01-01T00:00:00Z' },
  { uri: 'http://aaa.example.com/', datetime: '2012-01-01T00:00:00Z' },
  { uri: 'http://zzz.example.com/', datetime: '2012-01-01T00:00:00Z' }
]
// file B: a URL file A has too, as captured later under another spelling; one more of the map's
const FILE_B: Capture[] = [
  { uri: `${page(3).replace('http://host0000', 'http://HOST0000')}b`, datetime: '2014-01-01T00:00:00Z' },
  { uri: page(2499), datetime: '2021-01-01T00:00:00Z' }
]

/** Every row here is a page guessed from its URL: neither synthetic entries nor file indexes hold a type. */
const GUESSED = { type: 'page', typeFrom: 'url' } as const

/** The list the API should give: every map entry and every file URL, merged by key (brute force). */
function expectedRows (): PageRow[] {
  const rows = new Map<string, PageRow>()
  for (let i = 0; i < N; i++) {
    const { key, entry } = syntheticPage(i)
    rows.set(key, { key, url: entry.url, title: entry.title as string, first: digits14(entry.first), last: digits14(entry.last), count: entry.count, ...GUESSED })
  }
  for (const c of [...FILE_A, ...FILE_B]) {
    const key = surt(c.uri)
    const d = digits14(c.datetime)
    const row = rows.get(key)
    if (row == null) { rows.set(key, { key, url: c.uri, first: d, last: d, count: 1, ...GUESSED }); continue }
    row.count++
    if (d < row.first) row.first = d
    if (d >= row.last) { row.last = d; row.url = c.uri }
  }
  return [...rows.values()].sort((a, b) => compareKeys(a.key, b.key))
}

describe('the page list of an archive with a URL map and whole-file IPAROs', () => {
  let get: <T = PagesReply>(path: string) => Promise<T>
  let expected: PageRow[]
  beforeAll(async () => {
    const store = new MemoryBlockStore()
    const { root } = await writeSyntheticArchive(store, manifest, N)
    const files = [await indexOnlyFile(store, 'a.warc', FILE_A), await indexOnlyFile(store, 'b.warc', FILE_B)]
    const { cid } = await addFilesToArchive(store, { root }, files, '2026-01-01T00:00:00Z')
    const alone = await addFilesToArchive(store, { manifest }, files, '2026-01-01T00:00:00Z')
    get = archiveApi(store, { mixed: cid, files: alone.cid })
    expected = expectedRows()
  })

  it('merges both in key order, one row per key, counts added and first/last widened', async () => {
    expect(expected).toHaveLength(N + 4)
    const all = await get('/api/v1/archive/mixed/pages?limit=1000&offset=0')
    expect(all.total).toBe(N + 4)
    const seen: PageRow[] = []
    let after: string | undefined
    do {
      const reply = await get(`/api/v1/archive/mixed/pages?limit=333${after != null ? `&after=${encodeURIComponent(after)}` : ''}`)
      seen.push(...reply.pages)
      after = reply.next
    } while (after != null)
    expect(seen).toEqual(expected)
    const row = (url: string): PageRow | undefined => seen.find(r => r.key === surt(url))
    expect(row(page(0))).toMatchObject({ first: '20050505050505', last: '20200601120000', count: 2, title: 'Synthetic page 0' })
    expect(row(page(7))).toMatchObject({ last: '20300101000000', count: 4 })
    // the two files' captures of one URL: one row, named as last captured
    expect(row(`${page(3)}b`)).toEqual({ key: surt(`${page(3)}b`), url: `${page(3).replace('http://host0000', 'http://HOST0000')}b`, first: '20120101000000', last: '20140101000000', count: 3, ...GUESSED })
    expect(seen[0]?.url).toBe('http://aaa.example.com/')
    expect(seen.at(-1)?.url).toBe('http://zzz.example.com/')
  })

  it('gives every window by offset as the merged list has it, whatever the window', async () => {
    const around = [0, 1, 2, 3, 4, 5, 6, 7, 8, 1000, 1001, 1002, 1503, N - 2, N + 1, N + 2, N + 3]
    for (const offset of [...around, ...Array.from({ length: 26 }, (_, i) => i * 97)]) {
      for (const limit of [1, 3, 10]) {
        const reply = await get(`/api/v1/archive/mixed/pages?offset=${offset}&limit=${limit}`)
        expect({ offset, limit, keys: reply.pages.map(p => p.key) }).toEqual({ offset, limit, keys: expected.slice(offset, offset + limit).map(p => p.key) })
        expect(reply.next).toBe(offset + limit < expected.length ? expected[offset + limit - 1]?.key : undefined)
      }
    }
    expect((await get(`/api/v1/archive/mixed/pages?offset=${N + 10}`)).pages).toEqual([])
  })

  it('counts and pages a prefix over both', async () => {
    const inHost = expected.filter(r => r.key.startsWith('com,example,host0000)'))
    expect(inHost).toHaveLength(1002)
    for (const offset of [0, 2, 3, 4, 995, 999, 1000, 1001]) {
      const reply = await get(`/api/v1/archive/mixed/pages?prefix=host0000.example.com&offset=${offset}&limit=4`)
      expect(reply.total).toBe(1002)
      expect(reply.pages).toEqual(inHost.slice(offset, offset + 4))
    }
    const byAfter = await get(`/api/v1/archive/mixed/pages?prefix=host0000.example.com&after=${encodeURIComponent(syntheticPage(998).key)}`)
    expect(byAfter.pages).toEqual(inHost.slice(-2))
    expect(byAfter.next).toBeUndefined()
  })

  it('finds the files\' URLs by text, and counts them in the summary', async () => {
    const found = await get('/api/v1/archive/mixed/pages?q=0003b')
    expect(found.pages.map(p => p.url)).toEqual([`${page(3).replace('http://host0000', 'http://HOST0000')}b`])
    expect(found.scanned).toBe(N + 4)
    const zzz = await get('/api/v1/archive/mixed/pages?q=zzz&after=' + encodeURIComponent(syntheticPage(N - 1).key))
    expect(zzz).toEqual({ pages: [expected.at(-1)], scanned: 1 })
    const summary = await get<ArchiveSummary>('/api/v1/archive/mixed')
    expect(summary.counts.urls).toBe(N + 4)
    expect(summary.counts.mementos).toBe(expected.reduce((n, r) => n + r.count, 0))
  })

  it('lists an archive of files alone (an empty URL map)', async () => {
    const fileRows = expected.filter(r => r.title === undefined || FILE_A.concat(FILE_B).some(c => surt(c.uri) === r.key))
    const alone = fileRows.map(r => {
      const captures = FILE_A.concat(FILE_B).filter(c => surt(c.uri) === r.key).map(c => digits14(c.datetime)).sort()
      return { key: r.key, url: FILE_A.concat(FILE_B).filter(c => surt(c.uri) === r.key).sort((a, b) => a.datetime < b.datetime ? -1 : 1).at(-1)?.uri, first: captures[0], last: captures.at(-1), count: captures.length, ...GUESSED }
    })
    const all = await get('/api/v1/archive/files/pages?offset=0')
    expect(all.total).toBe(8)
    expect(all.pages).toEqual(alone)
    for (let offset = 0; offset < 8; offset++) expect((await get(`/api/v1/archive/files/pages?offset=${offset}&limit=2`)).pages).toEqual(alone.slice(offset, offset + 2))
    expect((await get<ArchiveSummary>('/api/v1/archive/files')).counts).toEqual({ urls: 8, mementos: 10 })
  })
})

describe('the page list of an archive without files', () => {
  it('lists the URL map as before', async () => {
    const store = new MemoryBlockStore()
    const { rootCid } = await writeSyntheticArchive(store, manifest, 10)
    const reply = await archiveApi(store, { a: rootCid as CID })('/api/v1/archive/a/pages?offset=8')
    expect(reply).toEqual({ pages: [8, 9].map(i => expect.objectContaining({ key: syntheticPage(i).key }) as PageRow), total: 10, offset: 8 })
  })
})
