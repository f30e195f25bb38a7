import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { byteRange, serveFiles, type StaticServer } from './static-server.ts'

describe('byteRange', () => {
  it('reads the three single-range forms, clamped to the file', () => {
    expect(byteRange('bytes=0-', 100)).toEqual([0, 99])
    expect(byteRange('bytes=10-19', 100)).toEqual([10, 19])
    expect(byteRange('bytes=90-500', 100)).toEqual([90, 99])
    expect(byteRange('bytes=-30', 100)).toEqual([70, 99])
    expect(byteRange('bytes=-300', 100)).toEqual([0, 99])
  })

  it('says unsatisfiable past the end, and ignores what it does not read', () => {
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable')
    expect(byteRange('bytes=20-10', 100)).toBe('unsatisfiable')
    expect(byteRange('bytes=-0', 100)).toBe('unsatisfiable')
    expect(byteRange(undefined, 100)).toBeUndefined()
    expect(byteRange('bytes=0-1,5-6', 100)).toBeUndefined()
    expect(byteRange('items=0-1', 100)).toBeUndefined()
  })
})

describe('serveFiles', () => {
  let server: StaticServer
  const body = new TextEncoder().encode('0123456789')
  beforeAll(async () => { server = await serveFiles(new Map([['/a.warc', { bytes: body, type: 'application/warc' }]])) })
  afterAll(async () => { await server.close() })

  it('serves a file whole with its length, a range as 206, past the end as 416', async () => {
    const whole = await fetch(new URL('/a.warc', server.url))
    expect([whole.status, whole.headers.get('content-length'), await whole.text()]).toEqual([200, '10', '0123456789'])
    const part = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=2-4' } })
    expect([part.status, part.headers.get('content-range'), await part.text()]).toEqual([206, 'bytes 2-4/10', '234'])
    const past = await fetch(new URL('/a.warc', server.url), { headers: { Range: 'bytes=10-' } })
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */10'])
  })

  it('revalidates with its ETag, and records what it does not have', async () => {
    const first = await fetch(new URL('/a.warc', server.url))
    const again = await fetch(new URL('/a.warc', server.url), { headers: { 'If-None-Match': first.headers.get('etag') ?? '' } })
    expect(again.status).toBe(304)
    expect((await fetch(new URL('/nope', server.url))).status).toBe(404)
    expect(server.misses).toContain('/nope')
  })
})
