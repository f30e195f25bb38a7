import { gzipSync } from 'node:zlib'
import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { ORIGIN, testArchive } from './replay-test-support.ts'

const rels = (link: string | null): Array<[string, string]> =>
  [...(link ?? '').matchAll(/<([^>]*)>; rel="([^"]*)"/g)].map(m => [m[2] ?? '', m[1] ?? ''])

describe('the replay handler', () => {
  it('serves an exact URI-M with Memento-Datetime, the archived status, and Link rels by position', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const r = await get('/a/20140115101500/http://memento.us/')
    expect(r.status).toBe(200)
    expect(r.headers.get('memento-datetime')).toBe('Wed, 15 Jan 2014 10:15:00 GMT')
    expect(rels(r.headers.get('link')).map(([rel]) => rel)).toEqual(['original', 'timegate', 'timemap', 'first memento', 'prev memento', 'memento', 'next memento', 'last memento', 'alternate'])
    expect(rels(r.headers.get('link'))[4]).toEqual(['prev memento', `${ORIGIN}/a/20140114100000/http://memento.us/`])
    expect(r.headers.get('link')).toMatch(/<ipfs:\/\/baf[a-z0-9]+>; rel="alternate"/)
    expect(await r.text()).toContain('<html')
  })

  it('redirects inexact datetimes to the closest capture, keeping the modifier', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const r = await get('/a/2014id_/http://memento.us/')
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe(`${ORIGIN}/a/20140114100000id_/http://memento.us/`)
    expect((await get('/a/http://memento.us/')).headers.get('location')).toBe(`${ORIGIN}/a/20161231110001/http://memento.us/`)
  })

  it('serves an embedded resource the closest capture without a redirect, naming it in Content-Location', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const r = await get('/a/2014im_/http://memento.us/')
    expect(r.status).toBe(200)
    expect(r.headers.get('memento-datetime')).toBe('Tue, 14 Jan 2014 10:00:00 GMT')
    expect(r.headers.get('content-location')).toBe(`${ORIGIN}/a/20140114100000im_/http://memento.us/`)
    // the exact URI-M names itself, as pywb does: a client tells the two apart by comparing
    const exact = await get('/a/20140114100000js_/http://memento.us/')
    expect(exact.status).toBe(200)
    expect(exact.headers.get('content-location')).toBe(`${ORIGIN}/a/20140114100000js_/http://memento.us/`)
  })

  it('answers 400 for impossible dates, 404 for non-dates and unknown URLs or archives, 405 for POST outside URI-Ms', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    expect((await get('/a/20180230000000/http://memento.us/')).status).toBe(400)
    expect((await get('/a/foo/http://memento.us/')).status).toBe(404)
    const unknown = await get('/a/2018/http://nowhere.example/')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('memento-datetime')).toBeNull()
    expect((await get('/b/2018/http://memento.us/')).status).toBe(404)
    expect((await get('/a/timemap/link/http://memento.us/', { method: 'POST', body: 'x' })).status).toBe(405)
    expect((await get('/a/timegate/http://memento.us/', { method: 'PUT', body: 'x' })).status).toBe(405)
  })

  it('runs the TimeGate on Accept-Datetime (RFC 1123 only)', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const early = await get('/a/timegate/http://memento.us/', { headers: { 'Accept-Datetime': 'Thu, 31 May 2007 20:35:00 GMT' } })
    expect(early.status).toBe(302)
    expect(early.headers.get('location')).toBe(`${ORIGIN}/a/20130202100000/http://memento.us/`)
    expect(early.headers.get('vary')).toBe('accept-datetime')
    expect(rels(early.headers.get('link')).map(([rel]) => rel)).toEqual(['original', 'timegate', 'timemap', 'memento'])
    expect(early.headers.get('memento-datetime')).toBeNull()
    expect((await get('/a/timegate/http://memento.us/')).headers.get('location')).toBe(`${ORIGIN}/a/20161231110001/http://memento.us/`)
    for (const bad of ['Thu, 31 May 2007 20:35:00', 'Thu, 31 May 2007 20:35 GMT', '20181001123636']) {
      expect((await get('/a/timegate/http://memento.us/', { headers: { 'Accept-Datetime': bad } })).status).toBe(400)
    }
    const none = await get('/a/timegate/http://nowhere.example/')
    expect(none.status).toBe(404)
    expect(none.headers.get('vary')).toBeNull()
  })

  it('lists TimeMaps in link-format, JSON and CDXJ; unknown URL → 404 with an empty map, unknown format → 400', async () => {
    const { fetch: get } = await testArchive(['ipwb/5mementos.warc'])
    const link = await get('/a/timemap/link/http://memento.us/')
    expect(link.headers.get('content-type')).toBe('application/link-format')
    const lines = (await link.text()).trim().split('\n')
    expect(lines).toHaveLength(8)
    expect(lines[1]).toMatch(/rel="self"; type="application\/link-format"; from="Sat, 02 Feb 2013 10:00:00 GMT"; until="Sat, 31 Dec 2016 11:00:01 GMT",$/)
    expect(lines[3]).toContain('rel="first memento"')
    expect(lines[7]).toMatch(/rel="last memento"; datetime="Sat, 31 Dec 2016 11:00:01 GMT"$/)

    const json = await (await get('/a/timemap/json/http://memento.us/')).json() as { original_uri: string, mementos: { first: { uri: string }, last: { datetime: string }, list: unknown[] } }
    expect(json.original_uri).toBe('http://memento.us/')
    expect(json.mementos.list).toHaveLength(5)
    expect(json.mementos.first.uri).toBe(`${ORIGIN}/a/20130202100000/http://memento.us/`)
    expect(json.mementos.last.datetime).toBe('2016-12-31T11:00:01Z')
    // each memento names its IPARO, as the CDXJ TimeMap does
    const cids = (await (await get('/a/timemap/cdxj/http://memento.us/')).text()).trim().split('\n').map(line => (JSON.parse(line.slice(line.indexOf('{'))) as { cid: string }).cid)
    expect((json.mementos.list as Array<{ cid: string }>).map(m => m.cid)).toEqual(cids)

    const cdxj = (await (await get('/a/timemap/cdxj/http://memento.us/')).text()).trim().split('\n')
    expect(cdxj).toHaveLength(5)
    const [key, digits, fields] = (cdxj[0] ?? '').split(/ (.*?) (.*)/s).filter(Boolean)
    expect([key, digits]).toEqual(['us,memento)/', '20130202100000'])
    expect(JSON.parse(fields ?? '')).toMatchObject({ url: 'http://memento.us/', status: '200', mime: 'text/html' })
    expect(() => CID.parse((JSON.parse(fields ?? '') as { cid: string }).cid)).not.toThrow()

    const missing = await get('/a/timemap/link/http://nowhere.example/')
    expect([missing.status, await missing.text()]).toEqual([404, ''])
    expect((await get('/a/timemap/xml/http://memento.us/')).status).toBe(400)
  })

  it('replays a 404 capture as 404 with Memento-Datetime', async () => {
    const { fetch: get } = await testArchive(['ipwb/HTTP404.warc'])
    const r = await get('/a/20200202100000/http://memento.us/')
    expect(r.status).toBe(404)
    expect(r.headers.get('memento-datetime')).toBe('Sun, 02 Feb 2020 10:00:00 GMT')
    expect(rels(r.headers.get('link')).map(([rel]) => rel)).toContain('first last memento')
  })

  it('keeps archived redirects inside the archive, relative or absolute', async () => {
    const { fetch: get } = await testArchive(['ipwb/redirectRelative.warc'])
    const r = await get('/a/20180727203127/https://example.com')
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe(`${ORIGIN}/a/20180727203127/https://example.com/anotherURI`)
    expect(r.headers.get('x-archive-orig-location')).toBe('/anotherURI')
  })

  it('points a redirect to the same URL under another scheme at the nearest capture that is not one, so it cannot loop', async () => {
    const record = (date: string, http: string): string =>
      `WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://loop.example/\r\nWARC-Date: ${date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n${http}\r\n\r\n`
    const warc = record('2020-01-01T00:00:00Z', 'HTTP/1.1 301 Moved\r\nLocation: https://loop.example/\r\n\r\n') +
      record('2020-01-05T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhere') +
      record('2021-01-01T00:00:00Z', 'HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\n\r\n')
    const { fetch: get } = await testArchive(new TextEncoder().encode(warc))
    const self = await get('/a/20200101000000/http://loop.example/')
    expect(self.status).toBe(301)
    expect(self.headers.get('location')).toBe(`${ORIGIN}/a/20200105000000/http://loop.example/`)
    const other = await get('/a/20210101000000/http://loop.example/')
    expect(other.headers.get('location')).toBe(`${ORIGIN}/a/20210101000000/http://loop.example/elsewhere`)
  })

  it('matches query strings whatever the parameter order, and scheme or www. variants', async () => {
    const { fetch: get } = await testArchive(['ipwb/2mementos_queryString.warc'])
    expect((await get('/a/20130202100000/http://memento.us/index.php?anotherval=ipsum&someval=lorem')).status).toBe(200)
    expect((await get('/a/2013/https://www.memento.us/')).status).toBe(302)
  })

  it('removes chunked transfer coding and renames headers the browser would act on', async () => {
    const { fetch: get } = await testArchive(['ipwb/baconIpsum_chunked.warc'])
    const r = await get('/a/20170302030329/http://www.cs.odu.edu/~mkelly/semester/2017_spring/baconIpsum.html')
    expect(r.status).toBe(200)
    expect(r.headers.get('transfer-encoding')).toBeNull()
    expect(r.headers.get('x-archive-orig-transfer-encoding')).toMatch(/chunked/i)
    const text = await r.text()
    expect(text).toMatch(/^<!DOCTYPE html>|^<html/i)
    expect(text).not.toMatch(/\r\n0\r\n/)
  })

  it('serves gzip bodies with a matching Content-Encoding, or decoded when asked to (the service worker)', async () => {
    const body = gzipSync('<p>hello</p>')
    const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nSet-Cookie: a=b\r\nContent-Security-Policy: default-src 'none'\r\nContent-Length: ${body.length}\r\n\r\n`
    const block = Buffer.concat([Buffer.from(http, 'latin1'), body])
    const warc = Buffer.concat([Buffer.from(`WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://gz.example/\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${block.length}\r\n\r\n`), block, Buffer.from('\r\n\r\n')])
    const plain = await testArchive(new Uint8Array(warc))
    const coded = await plain.fetch('/a/20200101000000/http://gz.example/')
    expect(coded.headers.get('content-encoding')).toBe('gzip')
    expect(new Uint8Array(await coded.arrayBuffer())).toEqual(new Uint8Array(body))
    expect(coded.headers.get('set-cookie')).toBeNull()
    expect(coded.headers.get('x-archive-orig-set-cookie')).toBe('REDACTED')
    expect(coded.headers.get('content-security-policy')).toBeNull()
    expect(coded.headers.get('x-archive-orig-content-security-policy')).toBe("default-src 'none'")

    const decoding = await testArchive(new Uint8Array(warc), { decodeContent: true })
    const decoded = await decoding.fetch('/a/20200101000000/http://gz.example/')
    expect(decoded.headers.get('content-encoding')).toBeNull()
    expect(decoded.headers.get('content-length')).toBe('12')
    expect(await decoded.text()).toBe('<p>hello</p>')
    const untouched = await decoding.fetch('/a/20200101000000id_/http://gz.example/')
    expect(untouched.headers.get('content-encoding')).toBe('gzip')
  })

  it('keeps a body that lies about its gzip coding as captured, header included', async () => {
    const http = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n\r\nnot gzip'
    const warc = `WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://lie.example/\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n${http}\r\n\r\n`
    const { fetch: get } = await testArchive(new TextEncoder().encode(warc), { decodeContent: true })
    const r = await get('/a/20200101000000/http://lie.example/')
    expect(r.headers.get('content-encoding')).toBe('gzip')
    expect(await r.text()).toBe('not gzip')
  })

  it('answers a missing payload block with 502 before sending anything, not with a short body', async () => {
    const { fetch: get, store } = await testArchive(['ipwb/1memento.warc'])
    const ok = await get('/a/20130202100000/http://memento.us/')
    const cid = (ok.headers.get('link') ?? '').match(/ipfs:\/\/([a-z0-9]+)/)?.[1] ?? ''
    const { readIparo } = await import('../iparo/iparo-root.ts')
    const payload = (await readIparo(store, CID.parse(cid))).pieces.find(p => p.role === 'payload')
    expect(payload).toBeDefined()
    ;(store as unknown as { blocks: Map<string, Uint8Array> }).blocks.clear()
    expect((await get('/a/20130202100000/http://memento.us/')).status).toBe(502)
  })
})
