import { describe, expect, it } from 'vitest'
import { hashers } from '../../archive/archive-test-support.ts'
import { harToWarc, type HarEntryOutcome } from './har-to-warc.ts'
import { harEntry, PAGE_HTML, PNG_BASE64, sampleHar } from './sample-har.test-support.ts'
import { HarFormatError } from './har-format-error.ts'

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1')
const records = (o: HarEntryOutcome | undefined): string[] => {
  if (o?.kind !== 'records') throw new Error(`not records: ${JSON.stringify(o)}`)
  return latin1(o.bytes).split(/(?=WARC\/1\.1\r\n)/)
}
const outcomes = (har: unknown): HarEntryOutcome[] => [...harToWarc(har, hashers)]

describe('harToWarc: HAR entries as WARC request and response records', () => {
  it('an HTTP/2 page: pseudo-headers out, Host from the URL, reason phrase filled, the decoded body\'s length, marked reconstructed', () => {
    const [request, response] = records(outcomes(sampleHar())[0])
    expect(request).toMatch(/^WARC\/1\.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>\r\n/)
    expect(request).toContain('WARC-Date: 2024-03-01T09:00:00.123456Z\r\n')
    expect(request).toContain('\r\n\r\nGET / HTTP/1.1\r\nHost: example.org\r\naccept: text/html\r\n\r\n')
    const body = Buffer.from(PAGE_HTML, 'utf8')
    expect(response).toContain('WARC-IP-Address: 2606:2800:220:1::\r\n')
    expect(response).toContain(`WARC-Concurrent-To: ${/WARC-Record-ID: (\S+)/.exec(request ?? '')?.[1] ?? '?'}\r\n`)
    expect(response).toContain('WARC-IPARO-Source-Format: har\r\nWARC-IPARO-Reconstructed: content-encoding, content-length, http-version, pseudo-headers, request-host, status-reason\r\n')
    // names and order as the browser gave them; a merged Set-Cookie is one line per value
    expect(response).toContain(`\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: ${body.length}\r\nset-cookie: a=1\r\nset-cookie: b=2\r\n\r\n`)
    expect(Buffer.from(response ?? '', 'latin1').subarray(-body.length - 4, -4).equals(body)).toBe(true)
  })

  it('a base64 body is decoded byte for byte; an HTTP/1.1 response keeps its reason; chunked coding goes', () => {
    const [, response] = records(outcomes(sampleHar())[1])
    const png = Buffer.from(PNG_BASE64, 'base64')
    expect(response).toContain('\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 70\r\n\r\n')
    expect(Buffer.from(response ?? '', 'latin1').subarray(-png.length - 4, -4).equals(png)).toBe(true)
    expect(response).toContain('WARC-IPARO-Reconstructed: content-length, transfer-coding\r\n')
    expect(response).toContain('WARC-Date: 2024-03-01T09:00:00.2Z\r\n')
  })

  it('entries without a response or without their body are skipped with a reason, never invented', () => {
    const all = outcomes(sampleHar())
    expect(all[2]).toEqual({ kind: 'skip', uri: 'https://ads.example.net/track.js', reason: 'HAR entry without response' })
    expect(all[4]).toEqual({ kind: 'skip', uri: 'https://example.org/big.bin', reason: 'HAR entry without its response body' })
    // Playwright's "text": "" for a body the browser dropped: its bytes on the wire say it had one
    const dropped = harEntry({ url: 'https://x.test/b.png', started: '2024-01-01T00:00:00Z', status: 200, content: { size: 0, text: '', encoding: 'base64' } })
    ;(dropped.response as { bodySize: number }).bodySize = 40021
    expect(outcomes({ log: { entries: [dropped] } })).toEqual([{ kind: 'skip', uri: 'https://x.test/b.png', reason: 'HAR entry without its response body' }])
    // a redirect's body, which browsers never keep, is left out and said to be
    const redirect = harEntry({ url: 'https://x.test/old', started: '2024-01-01T00:00:00Z', status: 301, responseHeaders: [['Location', '/new'], ['Content-Length', '162']], content: { size: 162 } })
    expect(records(outcomes({ log: { entries: [redirect] } })[0])[1]).toMatch(/WARC-IPARO-Reconstructed: content-length, redirect-body, request-host, status-reason\r\n[^]*\r\n\r\nHTTP\/1\.1 301 Moved Permanently\r\nLocation: \/new\r\nContent-Length: 0\r\n\r\n\r\n\r\n$/)
    // … while a body that was empty is empty
    const empty = harEntry({ url: 'https://x.test/empty', started: '2024-01-01T00:00:00Z', status: 200, content: { size: 0, text: '' } })
    expect(records(outcomes({ log: { entries: [empty] } })[0])[1]).toMatch(/\r\n\r\nHTTP\/1\.1 200 OK\r\nContent-Length: 0\r\n\r\n\r\n\r\n$/)
    const bad = outcomes({ log: { entries: [{}, harEntry({ url: 'data:text/plain,hi', started: '2024-01-01T00:00:00Z', status: 200, content: { text: 'hi' } }), harEntry({ url: 'https://x.test/', started: 'yesterday', status: 200 })] } })
    expect(bad.map(o => o.kind === 'skip' ? o.reason : o.kind)).toEqual(['HAR entry without request', 'HAR entry for a URL that is not http(s)', 'HAR entry with a bad URL or startedDateTime'])
  })

  it('a POST keeps its body; a complete HTTP/1.1 response is marked with nothing', () => {
    const [request, response] = records(outcomes(sampleHar())[3])
    expect(request).toContain('WARC-Target-URI: https://example.org/form\r\n')
    expect(request).toMatch(/\r\n\r\nPOST \/form HTTP\/1\.1\r\nHost: example\.org\r\nContent-Type: application\/x-www-form-urlencoded\r\n\r\nq=1\r\n\r\n$/)
    expect(response).toContain('\r\n\r\nHTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok')
    expect(response).toContain('WARC-IPARO-Reconstructed: status-reason\r\n')
  })

  it('the same HAR gives the same bytes (record IDs from the content); another body another ID', () => {
    const a = outcomes(sampleHar())
    const b = outcomes(sampleHar())
    expect(a).toEqual(b)
    const other = sampleHar()
    const entries = other.log.entries as Array<{ response: { content: { text: string } } }>
    if (entries[0] != null) entries[0].response.content.text += ' '
    expect(records(outcomes(other)[0])[1]?.match(/WARC-Record-ID: (\S+)/)?.[1]).not.toBe(records(a[0])[1]?.match(/WARC-Record-ID: (\S+)/)?.[1])
  })

  it('JSON that is no HAR is an error, not an empty ingest', () => {
    expect(() => outcomes({ log: {} })).toThrow(HarFormatError)
    expect(() => outcomes([1, 2])).toThrow(/no "log" object/)
  })
})
