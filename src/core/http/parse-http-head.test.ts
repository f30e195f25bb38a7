import { describe, expect, it } from 'vitest'
import { bytes, fixtureStream, header, readAll, records, text } from '../warc/fixtures.test-support.ts'
import type { ReadRecord } from '../warc/fixtures.test-support.ts'
import { HttpHeaders } from './http-headers.ts'
import { parseHttpHead } from './parse-http-head.ts'

async function httpRecords (name: string, type: string): Promise<ReadRecord[]> {
  return records(await readAll(fixtureStream(name))).filter((r) => header(r, 'WARC-Type') === type)
}

describe('parseHttpHead on fixtures', () => {
  // Request records in the pywb fixtures declare a Content-Length that stops just before the
  // head's final `\n\r\n` (warcio reads the same bytes): those heads need `atEnd`.
  const CUT_HEADS: Record<string, number> = {
    'pywb/iana.warc.gz': 171,
    'ipwb/sample-1.warc.gz': 0,
    'ipwb/IAH-20080430204825-00000-blackbook.warc.gz': 0,
    'pywb/example-extra.warc': 2,
    'ipwb/1memento.warc': 0
  }
  for (const [name, cut] of Object.entries(CUT_HEADS)) {
    it(`${name}: every HTTP head parses (${cut} cut by Content-Length)`, async () => {
      const all = records(await readAll(fixtureStream(name)))
      let heads = 0
      let needAtEnd = 0
      for (const r of all) {
        const kind = header(r, 'WARC-Type') === 'request' ? 'request' : 'response'
        if (!/application\/http/.test(header(r, 'Content-Type') ?? '') || r.content.length === 0) continue
        heads++
        const head = parseHttpHead(r.content, kind)
        if (head != null) {
          // the head ends exactly at a blank line
          expect(text(r.content.subarray(head.headLength - 1, head.headLength))).toBe('\n')
          continue
        }
        needAtEnd++
        expect(parseHttpHead(r.content, kind, { atEnd: true })?.headLength, `${name} @${r.offset}`).toBe(r.content.length)
      }
      expect(heads).toBeGreaterThan(0)
      expect(needAtEnd).toBe(cut)
    })
  }

  it('example-extra.warc: `HTTPX/1.1` status line and `GETX` verb', async () => {
    const responses = await httpRecords('pywb/example-extra.warc', 'response')
    const odd = responses.map((r) => parseHttpHead(r.content, 'response')).find((h) => h?.protocol === 'HTTPX/1.1')
    expect(odd).toMatchObject({ status: 200, reason: 'OK' })
    const requests = await httpRecords('pywb/example-extra.warc', 'request')
    const getx = requests.map((r) => parseHttpHead(r.content, 'request', { atEnd: true })).find((h) => h?.method === 'GETX')
    expect(getx).toMatchObject({ target: '/?example=2', protocol: 'HTTP/1.1' })
  })

  it('1memento.warc: `\\n` line endings', async () => {
    const [r] = await httpRecords('ipwb/1memento.warc', 'response')
    const head = parseHttpHead(r?.content ?? new Uint8Array(), 'response')
    expect(head?.status).toBe(200)
    expect(head?.headers.get('content-type')).toBe('text/html')
    expect(text(r?.content.subarray(head?.headLength) ?? new Uint8Array()).startsWith('<html>')).toBe(true)
  })

  it('baconIpsum_chunked_httpTrailors.warc: a head ending in `\\r\\n\\n`', async () => {
    const [r] = await httpRecords('ipwb/baconIpsum_chunked_httpTrailors.warc', 'response')
    const head = parseHttpHead(r?.content ?? new Uint8Array(), 'response')
    expect(head?.headers.get('Trailer')).toBe('Link')
    expect(text(r?.content.subarray(head?.headLength, (head?.headLength ?? 0) + 5) ?? new Uint8Array())).toBe('1efe;')
  })
})

describe('parseHttpHead', () => {
  it('a missing reason phrase and `\\r\\r\\n` line endings', () => {
    const head = parseHttpHead(bytes('HTTP/1.0 302 \r\r\nLocation: /x\r\r\nServer: BigIP\r\r\n\r\r\nbody'), 'response')
    expect(head).toMatchObject({ protocol: 'HTTP/1.0', status: 302, reason: '', headLength: 50 })
    expect([...head?.headers ?? []]).toEqual([['Location', '/x'], ['Server', 'BigIP']])
  })

  it('returns null without a complete head, unless the bytes are the whole message', () => {
    const cut = bytes('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n')
    expect(parseHttpHead(cut, 'response')).toBeNull()
    expect(parseHttpHead(cut, 'response', { atEnd: true })).toMatchObject({ headLength: cut.length, status: 200 })
    expect(parseHttpHead(bytes(''), 'response', { atEnd: true })).toBeNull()
    expect(parseHttpHead(bytes('<html>\r\n\r\n'), 'response')).toBeNull()
    expect(parseHttpHead(bytes('HTTP/1.1 abc\r\n\r\n'), 'response')).toBeNull()
  })

  it('gives up past maxLength', () => {
    const long = bytes('HTTP/1.1 200 OK\r\nX: ' + 'a'.repeat(1000) + '\r\n\r\n')
    expect(parseHttpHead(long, 'response', { maxLength: 500 })).toBeNull()
    expect(parseHttpHead(long, 'response')?.headLength).toBe(long.length)
  })

  it('skips lines without a colon (counted), folds continuations, tolerates leading line endings', () => {
    const head = parseHttpHead(bytes('\r\nGET /a?b HTTP/1.1\r\nHost: example.com\r\nnonsense\r\nX-Folded: one\r\n\ttwo\r\n\r\n'), 'request')
    expect(head).toMatchObject({ method: 'GET', target: '/a?b', protocol: 'HTTP/1.1', malformedLines: 1, headLength: 73 })
    expect(head?.headers.get('x-folded')).toBe('one two')
  })

  it('an HTTP/0.9-style request line has no protocol', () => {
    expect(parseHttpHead(bytes('GET /\r\n\r\n'), 'request')).toMatchObject({ method: 'GET', target: '/', protocol: '' })
  })

  it('keeps header bytes exactly, including non-ASCII ones, through toBytes', () => {
    const raw = new Uint8Array([...bytes('HTTP/1.1 301 Moved\r\nLocation: /caf'), 0xc3, 0xa9, 0x80, ...bytes('\r\nX: y\r\n\r\n')])
    const head = parseHttpHead(raw, 'response')
    expect(head).not.toBeNull()
    if (head == null) return
    expect(head.headers.toBytes(head.startLine)).toEqual(raw)
  })
})

describe('HttpHeaders', () => {
  it('serialises with \\r\\n and a blank line; with() copies', () => {
    const h = new HttpHeaders([['Content-Type', 'text/html'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']])
    expect(h.getAll('set-cookie')).toEqual(['a=1', 'b=2'])
    const h2 = h.without('Set-Cookie').with('Content-Length', '5')
    expect(text(h2.toBytes('HTTP/1.1 200 OK'))).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\n')
    expect(h.size).toBe(3)
    expect(h2).toBeInstanceOf(HttpHeaders)
  })
})
