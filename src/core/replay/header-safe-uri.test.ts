import { describe, expect, it } from 'vitest'
import { headerSafeUri } from './header-safe-uri.ts'
import { ORIGIN, testArchive } from './replay-test-support.ts'

describe('headerSafeUri', () => {
  it('keeps printable ASCII as it is and percent-encodes the rest as UTF-8', () => {
    expect(headerSafeUri('http://a.example/x?q=%41&b=<c>')).toBe('http://a.example/x?q=%41&b=<c>')
    expect(headerSafeUri('http://a.example/caf\u00e9 x\ufffd')).toBe('http://a.example/caf%C3%A9%20x%EF%BF%BD')
    expect(headerSafeUri('http://a.example/\ud800\u{1F600}')).toBe('http://a.example/%EF%BF%BD%F0%9F%98%80')
  })
})

describe('a capture whose WARC-Target-URI holds a byte that is not UTF-8', () => {
  it('replays at its URI-M, TimeGate and latest URI, with ByteString headers', async () => {
    const http = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok')
    const warc = Buffer.concat([
      Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://c.example/caf'), Buffer.from([0xe9]),
      Buffer.from(`\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`),
      http, Buffer.from('\r\n\r\n')
    ])
    const { fetch: get } = await testArchive(warc)
    // what the TimeMap hands out is the way in
    const timemap = await get('/a/timemap/link/http://c.example/caf%EF%BF%BD')
    expect(timemap.status).toBe(200)
    const uriM = /<([^>]+)>; rel="[^"]*memento"/.exec(await timemap.text())?.[1]
    expect(uriM).toBe(`${ORIGIN}/a/20200101000000/http://c.example/caf%EF%BF%BD`)
    const memento = await get(new URL(uriM ?? '').pathname)
    expect(memento.status).toBe(200)
    expect(await memento.text()).toBe('ok')
    expect(memento.headers.get('link')).toContain('<http://c.example/caf%EF%BF%BD>; rel="original"')
    const timegate = await get('/a/timegate/http://c.example/caf%EF%BF%BD')
    expect(timegate.status).toBe(302)
    expect(timegate.headers.get('location')).toBe(uriM)
    expect((await get('/a/http://c.example/caf%EF%BF%BD')).headers.get('location')).toBe(uriM)
  })
})
