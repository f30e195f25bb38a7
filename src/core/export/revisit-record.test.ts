import { describe, expect, it } from 'vitest'
import { WarcHeaders } from '../warc/index.ts'
import { revisitRecordHead } from './revisit-record.ts'

const enc = new TextEncoder()
const http = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'

function stored (fields: Array<[string, string]>): Uint8Array {
  return new Uint8Array([...new WarcHeaders(fields).toBytes('WARC/1.0'), ...enc.encode(http)])
}

describe('a resolved revisit written back as a revisit record', () => {
  it('is a revisit again, its HTTP head its content, the missing references naming the original', () => {
    const head = stored([['WARC-Type', 'response'], ['WARC-Record-ID', '<urn:uuid:r>'], ['Content-Length', '999'], ['WARC-IPARO-Source-Type', 'revisit']])
    const text = new TextDecoder().decode(revisitRecordHead(head, { id: '<urn:uuid:o>', uri: 'http://x/', date: '2014-01-01T00:00:00Z', digest: 'sha256:ABC' }))
    expect(text).toBe('WARC/1.0\r\nWARC-Type: revisit\r\nWARC-Record-ID: <urn:uuid:r>\r\n' +
      `Content-Length: ${enc.encode(http).byteLength}\r\n` +
      'WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\nWARC-Refers-To: <urn:uuid:o>\r\n' +
      'WARC-Refers-To-Target-URI: http://x/\r\nWARC-Refers-To-Date: 2014-01-01T00:00:00Z\r\nWARC-Payload-Digest: sha256:ABC\r\n\r\n' + http + '\r\n\r\n')
  })

  it('keeps the references the source wrote, and adds none that would name another record', () => {
    const head = stored([['WARC-Type', 'response'], ['WARC-Refers-To', '<urn:uuid:other>'], ['WARC-Payload-Digest', 'sha1:Q'], ['WARC-IPARO-Source-Type', 'revisit']])
    const text = new TextDecoder().decode(revisitRecordHead(head, { id: '<urn:uuid:o>', uri: 'http://x/', date: '2014-01-01T00:00:00Z', digest: 'sha256:ABC' }))
    expect(text).toContain('WARC-Refers-To: <urn:uuid:other>\r\n')
    expect(text).toContain('WARC-Payload-Digest: sha1:Q\r\n')
    expect(text).not.toContain('Target-URI')
    expect(text).not.toContain('sha256:ABC')
  })
})
