import { describe, expect, it } from 'vitest'
import { WARCParser } from 'warcio'
import { parseWarcDate } from '../datetime.ts'
import { parseHttpHead } from '../http/parse-http-head.ts'
import {
  bytes, chunked, comparable, fixtureBytes, fixtureStream, header, problems, readAll, records, sameBytes, text
} from './fixtures.test-support.ts'
import type { ReadRecord } from './fixtures.test-support.ts'

// Records per fixture. For files warcio reads cleanly these are also checked against warcio
// below; the others (LF line endings, lying lengths) were counted by hand (`WARC/` lines).
const COUNTS: Record<string, number> = {
  'ipwb/1memento.warc': 4,
  'ipwb/1memento_noContentType.warc': 2,
  'ipwb/2mementos.warc': 5,
  'ipwb/2mementos_htmlXhtml.warc': 3,
  'ipwb/2mementos_queryString.warc': 3,
  'ipwb/3mementos.warc': 6,
  'ipwb/4mementos.warc': 7,
  'ipwb/5mementos.warc': 8,
  'ipwb/5mementosAndFroggie.warc': 9,
  'ipwb/HTTP204.warc': 3,
  'ipwb/HTTP404.warc': 2,
  'ipwb/IAH-20080430204825-00000-blackbook.warc.gz': 822,
  'ipwb/baconIpsum.warc.gz': 6,
  'ipwb/baconIpsum_chunked.warc': 6,
  'ipwb/baconIpsum_chunkedWithMetadata.warc': 6,
  'ipwb/baconIpsum_chunked_httpTrailors.warc': 6,
  'ipwb/broken.warc': 6,
  'ipwb/frogTest.warc': 6,
  'ipwb/froggie.warc.gz': 10,
  'ipwb/mkelly1.warc': 7,
  'ipwb/mkelly2.warc': 7,
  'ipwb/redirect.warc': 2,
  'ipwb/redirectRelative.warc': 2,
  'ipwb/salam-home.warc': 6,
  'ipwb/sample-1.warc.gz': 231,
  'ipwb/slash.warc': 2,
  'ipwb/variableSizedDates.warc': 5,
  'pywb/dupes.warc.gz': 25,
  'pywb/example-extra.warc': 6,
  'pywb/example-url-agnostic-orig.warc.gz': 2,
  'pywb/example-url-agnostic-revisit.warc.gz': 2,
  'pywb/example-wget-1-14.warc.gz': 6,
  'pywb/example-wpull.warc.gz': 4,
  'pywb/example.warc': 6,
  'pywb/example.warc.gz': 6,
  'pywb/example2.warc.gz': 3,
  'pywb/httpbin-resource.warc.gz': 1,
  'pywb/iana.warc.gz': 343,
  'pywb/missing-status-text.warc': 1,
  'pywb/post-test.warc.gz': 6
}

// The fixtures whose declared lengths are wrong, and the warnings they must produce.
const RECOVERED: Record<string, number> = {
  'ipwb/HTTP204.warc': 2,
  'ipwb/broken.warc': 1,
  'ipwb/redirect.warc': 1,
  'pywb/example.warc': 1
}

// warcio mis-reads LF-only files (one record), HTTP204, broken.warc and example.warc (it warns
// and drops the excess); missing-status-text.warc's `\r\r\n` header block is beyond it too.
const WARCIO_CLEAN = Object.keys(COUNTS).filter((name) =>
  !name.startsWith('ipwb/') || /IAH|baconIpsum|frogTest|froggie|mkelly|salam|sample-1|HTTP404/.test(name)
).filter((name) => name !== 'pywb/example.warc' && name !== 'pywb/missing-status-text.warc')

describe('readWarcRecords on every fixture', () => {
  for (const [name, count] of Object.entries(COUNTS)) {
    it(`reads ${name} to the end`, async () => {
      const events = await readAll(fixtureStream(name))
      const recs = records(events)
      expect(problems(events)).toEqual([])
      expect(recs).toHaveLength(count)
      const warnings = recs.flatMap((r) => r.problems)
      expect(warnings.filter((p) => p.code === 'length-recovered')).toHaveLength(RECOVERED[name] ?? 0)
      expect(warnings.filter((p) => p.code !== 'length-recovered')).toEqual([])
      for (const r of recs) {
        expect(r.ok).toBe(true)
        expect(r.version).toMatch(/^WARC\/(0\.17|1\.0|1\.1)$/)
        expect(header(r, 'WARC-Type')).toBeTruthy()
      }
      // records follow each other and stay inside the input
      const total = fixtureBytes(name).length
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i] as ReadRecord
        const next = recs[i + 1]?.offset ?? total
        expect(r.offset + r.headerLength + r.content.length).toBeLessThanOrEqual(next)
      }
    })
  }
})

describe('agreement with warcio', () => {
  for (const name of WARCIO_CLEAN) {
    it(`${name}: same records, same content`, async () => {
      const ours = records(await readAll(fixtureStream(name)))
      const theirs: Array<{ type: string | null, id: string | null, content: Uint8Array }> = []
      for await (const record of new WARCParser(fixtureStream(name), { parseHttp: false, keepHeadersCase: true })) {
        theirs.push({
          type: record.warcType ?? null,
          id: record.warcHeaders.headers.get('WARC-Record-ID') ?? null,
          content: await record.readFully()
        })
      }
      expect(ours.map((r) => header(r, 'WARC-Type'))).toEqual(theirs.map((r) => r.type))
      expect(ours.map((r) => header(r, 'WARC-Record-ID') ?? null)).toEqual(theirs.map((r) => r.id))
      for (let i = 0; i < ours.length; i++) {
        expect(sameBytes((ours[i] as ReadRecord).content, theirs[i]?.content ?? new Uint8Array())).toBe(true)
      }
    })
  }
})

describe('any chunking gives the same events', () => {
  const small = Object.keys(COUNTS).filter((name) => name.endsWith('.warc') && fixtureBytes(name).length < 70_000)
  const strip = comparable
  for (const name of small) {
    it(name, async () => {
      const all = fixtureBytes(name)
      const whole = await readAll(chunked(all, all.length))
      expect(records(whole)).toHaveLength(COUNTS[name] ?? -1)
      for (const size of [1, 7, 4096]) {
        expect(strip(await readAll(chunked(all, size)))).toEqual(strip(whole))
      }
      // and streaming every record (no buffering) changes nothing either
      for (const size of [1, 7]) {
        expect(strip(await readAll(chunked(all, size), { bufferLimit: 1 }))).toEqual(strip(whole))
      }
    })
  }
  it('a large gzipped file: 7-byte chunks, whole file, 64 KiB', async () => {
    const all = fixtureBytes('pywb/iana.warc.gz')
    const reference = await readAll(chunked(all, 65536))
    expect(comparable(await readAll(chunked(all, 7)))).toEqual(comparable(reference))
    expect(comparable(await readAll(chunked(all, all.length)))).toEqual(comparable(reference))
  })
})

describe('declared lengths that lie', () => {
  it('HTTP204.warc: the warcinfo and the 204 run past their Content-Length; the 204 head comes out complete', async () => {
    const recs = records(await readAll(fixtureStream('ipwb/HTTP204.warc')))
    const [info, noContent, ok] = recs as [ReadRecord, ReadRecord, ReadRecord]
    expect(info.declaredLength).toBe(238)
    expect(text(info.content).endsWith('http-header-user-agent: WARCFab/1.0\r\n\r\n')).toBe(true)
    expect(info.problems.map((p) => [p.code, p.severity])).toEqual([['length-recovered', 'warning']])
    expect(info.problems[0]?.message).toContain('238')

    expect(noContent.declaredLength).toBe(140)
    expect(text(noContent.content)).toBe(
      'HTTP/1.1 204 No Content\r\nDate: Tue, 10 Jul 2018 20:40:46 GMT\r\nContent-Type: application/octet-stream\r\n' +
      'Server: GitHub.com\r\nStatus: 204 No Content\r\n\r\n')
    const head = parseHttpHead(noContent.content, 'response')
    expect(head?.status).toBe(204)
    expect(head?.headLength).toBe(noContent.content.length)
    expect(noContent.problems[0]?.recordId).toBe('<urn:uuid:62f4e5bd-6dfd-45bd-b9c6-7e7c80c0de0e>')

    expect(ok.problems).toEqual([])
    expect(text(ok.content).endsWith('<html><body>Memento for 2/2/2013 10:00am</body></html>\r\n')).toBe(true)
  })

  it('broken.warc: the PNG response (Content-Length 7) runs to the end of the file', async () => {
    const all = fixtureBytes('ipwb/broken.warc')
    const recs = records(await readAll(fixtureStream('ipwb/broken.warc')))
    const png = recs.find((r) => header(r, 'WARC-Target-URI') === 'http://matkelly.com/froggies/frog.png' && header(r, 'WARC-Type') === 'response')
    expect(png).toBeDefined()
    if (png == null) return
    expect(png.declaredLength).toBe(7)
    const head = parseHttpHead(png.content, 'response')
    expect(head?.headers.get('Content-Type')).toBe('image/png')
    const payload = png.content.subarray(head?.headLength)
    expect(Array.from(payload.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47])
    // the record ends where the file does, less the closing separator
    expect(png.offset + png.headerLength + png.content.length + 4).toBe(all.length)
    expect(text(all.subarray(all.length - 4))).toBe('\r\n\r\n')
    expect(png.problems.map((p) => p.code)).toEqual(['length-recovered'])
  })

  it('redirect.warc: the 302 overruns the end of the file and keeps its whole body', async () => {
    const recs = records(await readAll(fixtureStream('ipwb/redirect.warc')))
    const redirect = recs[1] as ReadRecord
    expect(redirect.declaredLength).toBe(265)
    const head = parseHttpHead(redirect.content, 'response')
    expect(head?.status).toBe(302)
    expect(head?.headers.get('Location')).toBe('https://example.com/anotherURI')
    expect(text(redirect.content.subarray(head?.headLength))).toBe(
      '<html><body>You are being <a href="https://example.com/anotherURI">redirected</a>.</body></html>\n\n')
    expect(redirect.problems.map((p) => [p.code, p.severity])).toEqual([['length-recovered', 'warning']])
  })

  it('example.warc: a request record 3 bytes longer than declared', async () => {
    const recs = records(await readAll(fixtureStream('pywb/example.warc')))
    const short = recs.filter((r) => r.problems.length > 0)
    expect(short).toHaveLength(1)
    expect(short[0]?.offset).toBe(4061)
    expect(short[0]?.declaredLength).toBe(320)
    expect(short[0]?.content.length).toBe(323)
    // the gzipped twin has it right: the same bytes
    const twin = records(await readAll(fixtureStream('pywb/example.warc.gz')))
    expect(twin.map((r) => text(r.content))).toEqual(recs.map((r) => text(r.content)))
  })
})

describe('other quirks', () => {
  it('variableSizedDates.warc: WARC/1.1 dates of every precision', async () => {
    const recs = records(await readAll(fixtureStream('ipwb/variableSizedDates.warc')))
    expect(recs.map((r) => r.version)).toEqual(Array(5).fill('WARC/1.1'))
    const dates = recs.map((r) => parseWarcDate(header(r, 'WARC-Date') ?? ''))
    expect(dates[0]).toBe('2017-02-18T10:00:00Z')
    expect(dates[1]).toBe('2014-01-01T00:00:00Z')
    expect(dates[2]).toBe('2014-02-10T00:00:01.000000002Z')
    expect(new Set(dates).size).toBe(5)
  })

  it('IAH-…blackbook.warc.gz: WARC/0.17', async () => {
    const recs = records(await readAll(fixtureStream('ipwb/IAH-20080430204825-00000-blackbook.warc.gz')))
    expect(new Set(recs.map((r) => r.version))).toEqual(new Set(['WARC/0.17']))
    expect(parseWarcDate(header(recs[0] as ReadRecord, 'WARC-Date') ?? '')).toBe('2008-04-30T20:48:25Z')
    expect(recs.filter((r) => header(r, 'WARC-Type') === 'response')).toHaveLength(299)
  })

  it('missing-status-text.warc: `\\r\\r\\n` header block, head cut by Content-Length', async () => {
    const [r] = records(await readAll(fixtureStream('pywb/missing-status-text.warc')))
    expect(r?.headers.map(([n]) => n)).toEqual([
      'WARC-Type', 'WARC-Record-ID', 'WARC-Date', 'Content-Length', 'Content-Type', 'WARC-Payload-Digest',
      'WARC-Target-URI', 'WARC-Warcinfo-ID'])
    expect(r?.content.length).toBe(107)
    expect(parseHttpHead(r?.content ?? new Uint8Array(), 'response')).toBeNull()
    const head = parseHttpHead(r?.content ?? new Uint8Array(), 'response', { atEnd: true })
    expect(head?.status).toBe(302)
    expect(head?.reason).toBe('')
    expect(head?.headers.get('Location')).toBe('http://www.iana.org/badst')
  })

  it('broken.warc: a trailing space in a WARC header value is trimmed', async () => {
    const [info] = records(await readAll(fixtureStream('ipwb/broken.warc')))
    expect(info != null && header(info, 'WARC-Type')).toBe('warcinfo')
  })

  it('url-agnostic fixtures: a record starting right at the previous declared end', async () => {
    const all = fixtureBytes('pywb/example-url-agnostic-orig.warc.gz')
    const recs = records(await readAll(chunked(all, 3)))
    const first = recs[0] as ReadRecord
    expect(recs[1]?.offset).toBe(first.offset + first.headerLength + first.content.length)
    expect(text(all.subarray(recs[1]?.offset, (recs[1]?.offset ?? 0) + 8))).toBe('WARC/1.0')
  })

  it('bytes() and text() helpers are inverse (sanity of the test support)', () => {
    expect(text(bytes('WARC/1.0\r\n'))).toBe('WARC/1.0\r\n')
  })
})
