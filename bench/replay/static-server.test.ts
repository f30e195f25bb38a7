import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveFiles, type StaticServer } from './static-server.ts'

describe('serveFiles', () => {
  let server: StaticServer
  const body = new TextEncoder().encode('0123456789')
  beforeAll(async () => { server = await serveFiles(new Map([['/a.warc', { bytes: body, type: 'application/warc' }]])) })
  afterAll(async () => { await server.close() })

  it('serves a file whole with its length, a range as 206, past the end as 416, a reversed range whole', async () => {
    const whole = await fetch(new URL('/a.warc', server.url))
    expect([whole.status, whole.headers.get('content-length'), await whole.text()]).toEqual([200, '10', '0123456789'])
    const part = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=2-4' } })
    expect([part.status, part.headers.get('content-range'), await part.text()]).toEqual([206, 'bytes 2-4/10', '234'])
    const past = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=10-' } })
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */10'])
    const suffix = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=-3' } })
    expect([suffix.status, await suffix.text()]).toEqual([206, '789'])
    // a reversed range is invalid, so ignored (RFC 9110 §14.1.1), as the replay itself does
    const reversed = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=4-2' } })
    expect([reversed.status, await reversed.text()]).toEqual([200, '0123456789'])
  })

  it('revalidates with its ETag, and records what it does not have', async () => {
    const first = await fetch(new URL('/a.warc', server.url))
    const again = await fetch(new URL('/a.warc', server.url), { headers: { 'If-None-Match': first.headers.get('etag') ?? '' } })
    expect(again.status).toBe(304)
    expect((await fetch(new URL('/nope', server.url))).status).toBe(404)
    expect(server.misses).toContain('/nope')
  })
})
