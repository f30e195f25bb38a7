import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { KUBO_CHUNK_SIZE } from '../iparo/kubo-import.ts'
import { countingBlocks, responseRecord, testArchive } from './replay-test-support.ts'

const DATE = '2020-01-01T00:00:00Z'
const URI_M = '/a/20200101000000/http://media.example/video.webm'
const SIZE = 4 * 1024 * 1024

/** Bytes no two leaves share (a repeated pattern would dedupe leaves and hide fetches). */
function noise (n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = 0x12345678
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 0xff }
  return out
}

// vitest's deep equality walks a multi-MB array byte by byte, for tens of seconds
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)

describe('range requests on mementos', () => {
  const payload = noise(SIZE)
  const video = responseRecord('http://media.example/video.webm', DATE, `HTTP/1.1 200 OK\r\nContent-Type: video/webm\r\nContent-Length: ${SIZE}`, payload)

  it('answers 206 with the bytes asked for, fetching only the leaves under the range', async () => {
    let counter: ReturnType<typeof countingBlocks> | undefined
    const { fetch } = await testArchive(video, { blocks: store => (counter = countingBlocks(store)) })
    if (counter == null) throw new Error('no counter')
    const count = async (init?: RequestInit): Promise<{ fetched: number, response: Response, body: Uint8Array }> => {
      const c = counter as ReturnType<typeof countingBlocks>
      c.count = 0
      const response = await fetch(URI_M, init)
      const body = new Uint8Array(await response.arrayBuffer())
      return { fetched: c.count, response, body }
    }
    await count({ headers: { Range: 'bytes=0-0' } }) // warms the archive root and URL map, as any earlier request would

    const full = await count()
    expect(full.response.status).toBe(200)
    expect(full.response.headers.get('accept-ranges')).toBe('bytes')
    expect(same(full.body, payload)).toBe(true)

    const start = 2 * 1024 * 1024 + 1000
    const mid = await count({ headers: { Range: `bytes=${start}-${start + 9999}` } })
    expect(mid.response.status).toBe(206)
    expect(mid.response.headers.get('content-range')).toBe(`bytes ${start}-${start + 9999}/${SIZE}`)
    expect(mid.response.headers.get('content-length')).toBe('10000')
    expect(mid.response.headers.get('accept-ranges')).toBe('bytes')
    expect(mid.response.headers.get('memento-datetime')).toBe('Wed, 01 Jan 2020 00:00:00 GMT')
    expect(mid.body).toEqual(payload.subarray(start, start + 10000))
    // 16 leaves in the full read; the range lies inside one leaf, so the ranged read skips the other 15
    const leaves = SIZE / KUBO_CHUNK_SIZE
    expect(full.fetched - mid.fetched).toBe(leaves - 1)
    console.log(`block fetches for a ${SIZE}-byte payload: full read ${full.fetched}, 10,000-byte range in the middle ${mid.fetched}`)

    const across = await count({ headers: { Range: `bytes=${KUBO_CHUNK_SIZE - 10}-${KUBO_CHUNK_SIZE + 9}` } })
    expect(across.body).toEqual(payload.subarray(KUBO_CHUNK_SIZE - 10, KUBO_CHUNK_SIZE + 10))
    expect(across.fetched).toBe(mid.fetched + 1)

    const suffix = await count({ headers: { Range: 'bytes=-10' } })
    expect(suffix.response.headers.get('content-range')).toBe(`bytes ${SIZE - 10}-${SIZE - 1}/${SIZE}`)
    expect(suffix.body).toEqual(payload.subarray(SIZE - 10))
  })

  it('answers 416 past the end, and the whole body for several ranges; HEAD carries the 206 headers', async () => {
    const { fetch } = await testArchive(video)
    const past = await fetch(URI_M, { headers: { Range: `bytes=${SIZE}-` } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${SIZE}`)
    const several = await fetch(URI_M, { headers: { Range: 'bytes=0-1,5-6' } })
    expect(several.status).toBe(200)
    expect(same(new Uint8Array(await several.arrayBuffer()), payload)).toBe(true)
    const head = await fetch(URI_M, { method: 'HEAD', headers: { Range: 'bytes=0-99' } })
    expect(head.status).toBe(206)
    expect(head.headers.get('content-range')).toBe(`bytes 0-99/${SIZE}`)
    expect(head.body).toBeNull()
  })

  it('ranges over the representation sent: decoded bytes in the worker, the coded bytes for HTTP clients', async () => {
    const text = 'abcdefghijklmnopqrstuvwxyz'.repeat(100)
    const gz = gzipSync(text)
    const warc = responseRecord('http://media.example/t.txt', DATE, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip', gz)
    const worker = await testArchive(warc, { decodeContent: true })
    const decoded = await worker.fetch('/a/20200101000000/http://media.example/t.txt', { headers: { Range: 'bytes=26-51' } })
    expect(decoded.status).toBe(206)
    expect(decoded.headers.get('content-range')).toBe(`bytes 26-51/${text.length}`)
    expect(decoded.headers.get('content-encoding')).toBeNull()
    expect(await decoded.text()).toBe('abcdefghijklmnopqrstuvwxyz')
    const node = await testArchive(warc)
    const coded = await node.fetch('/a/20200101000000/http://media.example/t.txt', { headers: { Range: 'bytes=0-9' } })
    expect(coded.headers.get('content-range')).toBe(`bytes 0-9/${gz.length}`)
    expect(coded.headers.get('content-encoding')).toBe('gzip')
    expect(new Uint8Array(await coded.arrayBuffer())).toEqual(new Uint8Array(gz.subarray(0, 10)))
  })

  it('ranges over a chunked body once its transfer coding is undone', async () => {
    const warc = responseRecord('http://media.example/c.txt', DATE, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked', '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n')
    const { fetch } = await testArchive(warc)
    const r = await fetch('/a/20200101000000/http://media.example/c.txt', { headers: { Range: 'bytes=6-10' } })
    expect(r.status).toBe(206)
    expect(r.headers.get('content-range')).toBe('bytes 6-10/11')
    expect(await r.text()).toBe('world')
  })

  it('replays an archived 206 of the whole resource as the resource, and a fragment as archived', async () => {
    const whole = responseRecord('http://media.example/w.bin', DATE, 'HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-3/4', 'abcd')
    const fragment = responseRecord('http://media.example/p.bin', DATE, 'HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-3/100', 'abcd')
    const { fetch } = await testArchive(Buffer.concat([whole, fragment]))
    const all = await fetch('/a/20200101000000/http://media.example/w.bin')
    expect(all.status).toBe(200)
    expect(all.headers.get('accept-ranges')).toBe('bytes')
    expect(await all.text()).toBe('abcd')
    const part = await fetch('/a/20200101000000/http://media.example/w.bin', { headers: { Range: 'bytes=1-2' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 1-2/4')
    expect(await part.text()).toBe('bc')
    const r = await fetch('/a/20200101000000/http://media.example/p.bin', { headers: { Range: 'bytes=1-2' } })
    expect(r.status).toBe(206)
    expect(r.headers.get('content-range')).toBe('bytes 0-3/100')
    expect(r.headers.get('accept-ranges')).toBeNull()
    expect(await r.text()).toBe('abcd')
  })
})
