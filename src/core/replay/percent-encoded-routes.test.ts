import { beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../errors.ts'
import { statusForError } from '../routing/error-status.ts'
import { ArchiveApiHandler, type PagesReply } from './archive-api-handler.ts'
import { ORIGIN, responseRecord, testArchive, type TestArchive } from './replay-test-support.ts'

/**
 * URLs HTTP cannot carry verbatim, archived as crawlers record them: Perma.cc's `file:///` uploads with
 * spaces, a target URI with spaces and UTF-8 outside ASCII. A browser (or any HTTP client) can only ask
 * for their percent-encoded form, which must reach the capture on every route, and every URI the
 * answers hand out must be a valid header value that leads back to it.
 */
const FILE = 'file:///example with spaces.png'
const PAGE = 'http://c.example/déjà vu/page?q=été x&n=1'
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

function resourceRecord (url: string, date: string, type: string, body: Uint8Array): Uint8Array {
  return Buffer.concat([
    Buffer.from(`WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`, 'utf8'),
    body, Buffer.from('\r\n\r\n')
  ])
}

const warc = Buffer.concat([
  resourceRecord(FILE, '2020-01-01T00:00:00Z', 'image/png', PNG),
  responseRecord(PAGE, '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'first'),
  responseRecord(PAGE, '2021-06-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'second')
])

/** What a browser sends for a replay path naming `url`: the URL parser percent-encodes the rest. */
const asSent = (prefix: string, url: string): string => {
  const u = new URL(`${ORIGIN}${prefix}${url}`)
  return u.pathname + u.search
}
/** The encoded form of the archived URL itself, as it appears after the prefix. */
const encoded = (url: string): string => asSent('/a/', url).slice('/a/'.length)
/** A header value a Response accepts and an HTTP parser reads: visible ASCII only. */
const HEADER_SAFE = /^[\x21-\x7e]+$/
const uris = (link: string): string[] => [...link.matchAll(/<([^>]*)>/g)].map(m => m[1] ?? '')

describe('captures of URLs that HTTP cannot carry verbatim', () => {
  let archive: TestArchive
  beforeAll(async () => { archive = await testArchive(new Uint8Array(warc)) })

  it.each([['file', FILE], ['page', PAGE]])('replays the %s at its encoded URI-M in every mode', async (_, url) => {
    for (const fmod of ['', 'id_', 'mp_', 'im_']) {
      const r = await archive.fetch(asSent(`/a/20200101000000${fmod}/`, url))
      expect(r.status, fmod).toBe(200)
      const body = new Uint8Array(await r.arrayBuffer())
      expect(Buffer.from(body).equals(url === FILE ? PNG : Buffer.from('first')), fmod).toBe(true)
      expect(r.headers.get('content-location'), fmod).toBe(`${ORIGIN}/a/20200101000000${fmod}/${encoded(url)}`)
      for (const uri of uris(r.headers.get('link') ?? '')) expect(uri, fmod).toMatch(HEADER_SAFE)
      expect(r.headers.get('link'), fmod).toContain(`<${encoded(url)}>; rel="original"`)
    }
  })

  it.each([['file', FILE], ['page', PAGE]])('redirects an inexact URI-M and both TimeGates of the %s to an encoded URI-M that replays it', async (_, url) => {
    const latest = url === FILE ? '20200101000000' : '20210601000000'
    const answers = [
      await archive.fetch(asSent('/a/2020/', url)),
      await archive.fetch(asSent('/a/', url)),
      await archive.fetch(asSent('/a/timegate/', url)),
      await archive.fetch(asSent('/a/timegate/', url), { headers: { 'Accept-Datetime': 'Wed, 01 Jan 2020 00:00:00 GMT' } })
    ]
    const expected = [`${ORIGIN}/a/20200101000000/${encoded(url)}`, `${ORIGIN}/a/${latest}/${encoded(url)}`, `${ORIGIN}/a/${latest}/${encoded(url)}`, `${ORIGIN}/a/20200101000000/${encoded(url)}`]
    for (const [i, r] of answers.entries()) {
      expect(r.status, String(i)).toBe(302)
      expect(r.headers.get('location'), String(i)).toBe(expected[i])
      for (const uri of uris(r.headers.get('link') ?? '')) expect(uri, String(i)).toMatch(HEADER_SAFE)
      const followed = await archive.fetch(new URL(r.headers.get('location') ?? '').pathname + new URL(r.headers.get('location') ?? '').search)
      expect(followed.status, String(i)).toBe(200)
    }
  })

  it.each([['file', FILE], ['page', PAGE]])('lists the %s in link-format and JSON TimeMaps whose URI-Ms lead back to it', async (_, url) => {
    const link = await archive.fetch(asSent('/a/timemap/link/', url))
    expect(link.status).toBe(200)
    const entries = uris(await link.text())
    expect(entries[0]).toBe(encoded(url))
    for (const uri of entries) expect(uri).toMatch(HEADER_SAFE)
    const json = await archive.fetch(asSent('/a/timemap/json/', url))
    expect(json.status).toBe(200)
    const map = await json.json() as { original_uri: string, mementos: { list: Array<{ uri: string }> } }
    // JSON carries the URL as captured; the URIs to follow are encoded
    expect(map.original_uri).toBe(url)
    expect(map.mementos.list).toHaveLength(url === FILE ? 1 : 2)
    for (const { uri } of map.mementos.list) {
      expect(uri).toMatch(HEADER_SAFE)
      expect((await archive.fetch(new URL(uri).pathname + new URL(uri).search)).status).toBe(200)
    }
  })

  it.each([['file', FILE], ['page', PAGE]])('gives the %s a CDXJ line of three fields whose key has no space', async (_, url) => {
    const r = await archive.fetch(asSent('/a/timemap/cdxj/', url))
    expect(r.status).toBe(200)
    for (const line of (await r.text()).trim().split('\n')) {
      const [key = '', digits, json = ''] = line.split(/ (\d{14}) /)
      expect(key).toMatch(/^\S+$/)
      expect(digits).toMatch(/^\d{14}$/)
      expect((JSON.parse(json) as { url: string }).url).toBe(url)
    }
  })
})

describe('the archive API on URLs with spaces and non-ASCII', () => {
  let pages: (query: string) => Promise<PagesReply>
  beforeAll(async () => {
    const { store, rootCid } = await testArchive(new Uint8Array(warc))
    const handler = new ArchiveApiHandler(store, { async locate (name) { if (name !== 'a') throw new NotFoundError(name); return rootCid } })
    pages = async (query) => {
      const request = new Request(`${ORIGIN}/api/v1/archive/a/pages?${query}`)
      try {
        return await (await handler.handle(request, new URL(request.url))).json() as PagesReply
      } catch (err) {
        throw new Error(`${query}: ${statusForError(err)} ${String(err)}`, { cause: err })
      }
    }
  })

  it.each([['file', FILE], ['page', PAGE]])('finds the %s by prefix and by text, raw or percent-encoded', async (_, url) => {
    const raw = url.slice(0, url.indexOf(' ') + 3)
    const enc = encoded(raw)
    for (const query of [`prefix=${encodeURIComponent(raw)}`, `prefix=${encodeURIComponent(enc)}`]) {
      expect((await pages(query)).pages.map(p => p.url), query).toEqual([url])
    }
    const words = url === FILE ? 'with spaces' : 'déjà vu'
    for (const q of [words, encoded(`http://x/${words}`).slice('http://x/'.length)]) {
      expect((await pages(`q=${encodeURIComponent(q)}`)).pages.map(p => p.url), q).toEqual([url])
    }
  })
})
