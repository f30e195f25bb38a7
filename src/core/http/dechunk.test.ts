import { describe, expect, it } from 'vitest'
import { bytes, chunked, fixtureStream, header, join, readAll, records, text } from '../warc/fixtures.test-support.ts'
import type { ReadRecord } from '../warc/fixtures.test-support.ts'
import { ChunkedDecoder } from './chunked-decoder.ts'
import { dechunk } from './dechunk.ts'
import { dechunkBytes, isValidChunked } from './dechunk-bytes.ts'
import { parseHttpHead } from './parse-http-head.ts'

/** HTTP responses of a fixture that declare chunked, as [payload, head] */
async function chunkedPayloads (name: string): Promise<Array<{ record: ReadRecord, payload: Uint8Array }>> {
  const out: Array<{ record: ReadRecord, payload: Uint8Array }> = []
  for (const record of records(await readAll(fixtureStream(name)))) {
    if (header(record, 'WARC-Type') !== 'response') continue
    const head = parseHttpHead(record.content, 'response')
    if (head == null || !/chunked/i.test(head.headers.get('Transfer-Encoding') ?? '')) continue
    out.push({ record, payload: record.content.subarray(head.headLength) })
  }
  return out
}

async function collect (body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const pieces: Uint8Array[] = []
  for await (const p of body) pieces.push(p)
  return join(pieces)
}

describe('chunked bodies in the fixtures', () => {
  it('baconIpsum_chunked_httpTrailors.warc: a chunk extension and a trailer', async () => {
    const [only] = await chunkedPayloads('ipwb/baconIpsum_chunked_httpTrailors.warc')
    expect(only).toBeDefined()
    const payload = only?.payload ?? new Uint8Array()
    const { body, result } = dechunkBytes(payload)
    expect(result).toMatchObject({ valid: true, complete: true, extensions: 1, excessLength: 0 })
    expect(result.trailers.get('Link')).toBe('<http://example.com>; rel="original"')
    expect(text(body).startsWith('<html>\n<body>\n<p>Bacon ipsum')).toBe(true)
    expect(text(body).endsWith('</body>\n</html>')).toBe(true)
    expect(isValidChunked(payload)).toBe(true)
    // the same payload as the plain chunked capture
    const [plain] = await chunkedPayloads('ipwb/baconIpsum_chunked.warc')
    expect(text(dechunkBytes(plain?.payload ?? new Uint8Array()).body)).toBe(text(body))
  })

  it('valid chunked bodies elsewhere decode to their Content-Length-less payloads', async () => {
    for (const name of ['ipwb/salam-home.warc', 'ipwb/froggie.warc.gz', 'ipwb/baconIpsum.warc.gz', 'ipwb/baconIpsum_chunkedWithMetadata.warc']) {
      const found = await chunkedPayloads(name)
      expect(found.length, name).toBeGreaterThan(0)
      for (const { payload } of found) {
        expect(isValidChunked(payload), name).toBe(true)
        const { result } = dechunkBytes(payload)
        expect(result.decodedLength).toBeGreaterThan(0)
        expect(result.decodedLength).toBeLessThan(payload.length)
      }
    }
  })

  it('iana.warc.gz: the 25 responses that declare chunked but are not', async () => {
    const found = (await chunkedPayloads('pywb/iana.warc.gz')).filter(({ payload }) => payload.length > 0)
    expect(found).toHaveLength(25)
    for (const { payload } of found) {
      expect(isValidChunked(payload)).toBe(false)
      const d = await dechunk(chunked(payload, 1000))
      expect(d.chunked).toBe(false)
      expect(await collect(d.body)).toEqual(payload)
      expect(await d.result).toMatchObject({ valid: false, error: 'not a chunk-size line', decodedLength: 0 })
    }
  })
})

describe('dechunk (streaming)', () => {
  const encoded = bytes('5;ext=1\r\nhello\r\n7\r\n, world\r\nA\n0123456789\n0\r\nX-Trailer: yes\r\n\r\n')

  it('any input chunking decodes the same', async () => {
    for (const size of [1, 2, 3, 7, encoded.length]) {
      const d = await dechunk(chunked(encoded, size))
      expect(d.chunked).toBe(true)
      expect(text(await collect(d.body))).toBe('hello, world0123456789')
      const r = await d.result
      expect(r).toMatchObject({ valid: true, complete: true, decodedLength: 22, rawLength: encoded.length, extensions: 1 })
      expect(r.trailers.get('x-trailer')).toBe('yes')
    }
  })

  it('stops where the encoding turns invalid, and says where', async () => {
    const broken = bytes('5\r\nhello\r\nZZ\r\nmore bytes')
    const d = await dechunk(chunked(broken, 4))
    expect(d.chunked).toBe(true)
    expect(text(await collect(d.body))).toBe('hello')
    expect(await d.result).toMatchObject({ valid: false, complete: false, rawLength: 10, error: 'bad chunk-size line' })
  })

  it('a body cut short is valid but incomplete', async () => {
    const d = await dechunk(chunked(bytes('a\r\n01234'), 3))
    expect(text(await collect(d.body))).toBe('01234')
    expect(await d.result).toMatchObject({ valid: true, complete: false })
    expect(isValidChunked(bytes('a\r\n01234'))).toBe(false)
  })

  it('an empty body is not chunked', async () => {
    const d = await dechunk(chunked(new Uint8Array(), 1))
    expect(d.chunked).toBe(false)
    expect(await collect(d.body)).toEqual(new Uint8Array())
    expect((await d.result).valid).toBe(false)
  })

  it('abandoning the body releases the input and settles the result', async () => {
    let released = false
    async function * input (): AsyncGenerator<Uint8Array> {
      try { yield * chunked(encoded, 3) } finally { released = true }
    }
    const d = await dechunk(input())
    for await (const _ of d.body) break
    expect(released).toBe(true)
    expect((await d.result).complete).toBe(false)
  })
})

describe('ChunkedDecoder edge cases', () => {
  it('data not followed by a line ending is invalid', () => {
    const dec = new ChunkedDecoder()
    dec.push(bytes('3\r\nabcX'))
    expect(dec.end()).toMatchObject({ valid: false, decodedLength: 3, error: 'chunk data not followed by a line ending' })
  })

  it('line endings after the end are fine; other bytes are counted as excess', () => {
    expect(dechunkBytes(bytes('1\r\na\r\n0\r\n\r\n\r\n')).result).toMatchObject({ valid: true, complete: true, excessLength: 0 })
    const r = dechunkBytes(bytes('1\r\na\r\n0\r\nT: 1\r\n\r\n<junk>')).result
    expect(r).toMatchObject({ valid: true, complete: true, excessLength: 6 })
    expect(r.trailers.get('T')).toBe('1')
  })

  it('a huge size line is not chunked encoding', () => {
    expect(isValidChunked(bytes('f'.repeat(20) + '\r\n'))).toBe(false)
    expect(isValidChunked(bytes('1'.repeat(5000)))).toBe(false)
  })
})
