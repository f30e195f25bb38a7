import { describe, expect, it } from 'vitest'
import { hashers } from '../../archive/archive-test-support.ts'
import { chunked, fixtureBytes, header, problems, readAll, records } from '../../warc/fixtures.test-support.ts'
import { parseArcHeaderLine } from './arc-header-line.ts'
import { ArcOffsets } from './arc-offsets.ts'
import { arcToWarc } from './arc-to-warc.ts'

const ARC = fixtureBytes('pywb/example.arc')
const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1')
const warcOf = async (arc: Uint8Array, size = 4096): Promise<Uint8Array> => {
  const out: Uint8Array[] = []
  for await (const c of arcToWarc(chunked(arc, size), { hashers })) out.push(c.slice())
  return Buffer.concat(out)
}
/** An ARC v1 URL record around an HTTP response. */
const arcRecord = (url: string, date: string, http: string): string => `${url} 10.0.0.1 ${date} text/html ${Buffer.byteLength(http, 'latin1')}\n${http}\n`

describe('arcToWarc: ARC records as WARC records, streamed', () => {
  it('the filedesc record becomes a warcinfo, a URL record a response whose content is the ARC\'s bytes', async () => {
    const events = await readAll((async function * () { yield await warcOf(ARC) })())
    expect(problems(events)).toEqual([])
    const [info, response] = records(events)
    expect(header(info!, 'WARC-Type')).toBe('warcinfo')
    expect(header(info!, 'WARC-Target-URI')).toBe('filedesc://live-web-example.arc.gz')
    expect(header(response!, 'WARC-Type')).toBe('response')
    expect(header(response!, 'WARC-Date')).toBe('2014-02-16T05:02:21Z')
    expect(header(response!, 'WARC-IP-Address')).toBe('93.184.216.119')
    expect(header(response!, 'WARC-IPARO-Source-Format')).toBe('arc')
    const start = Buffer.from(ARC).indexOf('HTTP/1.1 200 OK')
    expect(Buffer.from(response!.content).equals(Buffer.from(ARC.subarray(start, start + 1591)))).toBe(true)
  })

  it('gives the same bytes however the source is cut (one byte at a time included)', async () => {
    const whole = await warcOf(ARC, ARC.length)
    expect(Buffer.from(await warcOf(ARC, 1)).equals(Buffer.from(whole))).toBe(true)
    expect(Buffer.from(await warcOf(ARC, 7)).equals(Buffer.from(whole))).toBe(true)
  })

  it('a record that is no HTTP response is a resource; a 12-digit date is to the minute', async () => {
    const warc = await warcOf(enc('dns:example.com 1.2.3.4 20140216050221 text/dns 20\n20140216050221\n1.2\n\nftp://x.test/a.txt 1.2.3.4 201402160502 text/plain 3\nabc\n'))
    const [dns, ftp] = records(await readAll(chunked(warc, 100)))
    expect(header(dns!, 'WARC-Type')).toBe('resource')
    expect(header(ftp!, 'WARC-Type')).toBe('resource')
    expect(header(ftp!, 'Content-Type')).toBe('text/plain')
    expect(header(ftp!, 'WARC-Date')).toBe('2014-02-16T05:02:00Z')
  })

  it('bytes that are no record are skipped to the next header line and reported at their ARC offset', async () => {
    const first = arcRecord('http://a.test/', '20140216050221', 'HTTP/1.0 200 OK\r\n\r\nA')
    const junk = 'this is not an ARC record\nnor this\n'
    const arc = enc(first + junk + arcRecord('http://b.test/', '20140216050222', 'HTTP/1.0 200 OK\r\n\r\nB'))
    const offsets = new ArcOffsets()
    // (straight from the converter: its gaps are zero-length chunks that a concatenation would drop)
    const events = await readAll(arcToWarc(chunked(arc, 5), { hashers, offsets }))
    expect(records(events).map(r => header(r, 'WARC-Target-URI'))).toEqual(['http://a.test/', 'http://b.test/'])
    const [gap] = problems(events)
    expect(gap).toMatchObject({ code: 'arc-garbage', severity: 'error', message: expect.stringContaining(`${junk.length} bytes that are no ARC record (they start with "this is not an ARC record\\n")`) as string })
    expect(offsets.garbageAt(gap?.offset ?? -1)).toBe(first.length)
    // a record's offset maps to its header line, a byte of its content to the same byte
    const second = records(events)[1]
    expect(offsets.toArc(second?.offset ?? -1)).toBe(first.length + junk.length)
    expect(offsets.toArc((second?.offset ?? 0) + (second?.headerLength ?? 0) + 3)).toBe(first.length + junk.length + 'http://b.test/ 10.0.0.1 20140216050222 text/html 20\n'.length + 3)
  })

  it('an ARC cut inside a record: the WARC reader reports it truncated', async () => {
    const arc = ARC.subarray(0, ARC.length - 500)
    const events = await readAll(chunked(await warcOf(arc), 256))
    expect(problems(events).map(p => p.code)).toEqual(['truncated'])
  })
})

describe('parseArcHeaderLine', () => {
  it('reads v1 and v2 lines, and a URL with a raw space', () => {
    expect(parseArcHeaderLine(enc('http://a.test/ 1.2.3.4 20010101000000 text/html 42'))).toEqual({ url: 'http://a.test/', ip: '1.2.3.4', date: '20010101000000', mime: 'text/html', length: 42 })
    expect(parseArcHeaderLine(enc('http://a.test/ 1.2.3.4 20010101000000 text/html 200 8a3f - 1234 x.arc 42'))).toEqual({ url: 'http://a.test/', ip: '1.2.3.4', date: '20010101000000', mime: 'text/html', length: 42, status: '200' })
    expect(parseArcHeaderLine(enc('http://a.test/a b 1.2.3.4 20010101000000 text/html 42'))?.url).toBe('http://a.test/a%20b')
    expect(parseArcHeaderLine(enc('http://a.test/ 1.2.3.4 2001-01-01 text/html 42'))).toBeUndefined()
    expect(parseArcHeaderLine(enc('hello world'))).toBeUndefined()
    expect(parseArcHeaderLine(Uint8Array.of(...enc('http://a.test/'), 0xe9, ...enc(' 1.2.3.4 20010101000000 text/html 1')))?.url).toBe('http://a.test/%E9')
  })
})
