import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

describe('serveFiles with a file on disk', () => {
  let server: StaticServer
  let dir: string
  const body = new Uint8Array(100_000).map((_, i) => i % 251)
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'static-server-'))
    const path = join(dir, 'a.wacz')
    await writeFile(path, body)
    const { size, mtimeMs } = await stat(path)
    server = await serveFiles(new Map([['/a.wacz', { path, size, mtimeMs, type: 'application/zip' }]]))
  })
  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers ranges from the file with 206 and counts the bytes, requests and ranges it sent', async () => {
    const before = server.traffic()
    const part = await fetch(new URL('/a.wacz', server.url), { headers: { Range: 'bytes=99990-' } })
    expect([part.status, part.headers.get('content-range')]).toEqual([206, 'bytes 99990-99999/100000'])
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(body.subarray(99_990))
    const whole = await fetch(new URL('/a.wacz', server.url))
    expect((await whole.arrayBuffer()).byteLength).toBe(100_000)
    const after = server.traffic()
    expect(after.bodyBytes['/a.wacz']).toBe(100_010)
    expect([after.requests - before.requests, after.rangeRequests - before.rangeRequests]).toEqual([2, 1])
    // status lines and headers on top of the bodies
    expect(after.wireBytes - before.wireBytes).toBeGreaterThan(100_010)
    expect(after.wireBytes - before.wireBytes).toBeLessThan(101_000)
  })
})
