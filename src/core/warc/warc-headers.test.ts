import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.ts'
import { parseWarcHeaderBlock } from './header-block.ts'
import { WarcHeaders } from './warc-headers.ts'

const headers = new WarcHeaders([
  ['WARC-Type', 'response'],
  ['WARC-Concurrent-To', '<urn:uuid:1>'],
  ['Content-Length', '10'],
  ['WARC-Concurrent-To', '<urn:uuid:2>']
])

describe('WarcHeaders', () => {
  it('looks names up case-insensitively, keeping the order and spelling written', () => {
    expect(headers.get('warc-type')).toBe('response')
    expect(headers.get('CONTENT-LENGTH')).toBe('10')
    expect(headers.get('WARC-Date')).toBeUndefined()
    expect(headers.getAll('warc-concurrent-to')).toEqual(['<urn:uuid:1>', '<urn:uuid:2>'])
    expect(headers.has('Warc-Type')).toBe(true)
    expect(headers.size).toBe(4)
    expect([...headers].map(([n]) => n)).toEqual(['WARC-Type', 'WARC-Concurrent-To', 'Content-Length', 'WARC-Concurrent-To'])
  })

  it('with/without return changed copies and leave the original alone', () => {
    const changed = headers.with('content-length', '99').with('WARC-Block-Digest', 'sha256:abc')
    expect(changed).toBeInstanceOf(WarcHeaders)
    expect([...changed]).toEqual([
      ['WARC-Type', 'response'],
      ['WARC-Concurrent-To', '<urn:uuid:1>'],
      ['Content-Length', '99'],
      ['WARC-Concurrent-To', '<urn:uuid:2>'],
      ['WARC-Block-Digest', 'sha256:abc']
    ])
    expect(headers.get('Content-Length')).toBe('10')
    expect(headers.with('WARC-Concurrent-To', 'x').getAll('WARC-Concurrent-To')).toEqual(['x'])
    expect(headers.without('warc-concurrent-to').size).toBe(2)
    expect(headers.withAppended('WARC-Concurrent-To', '<urn:uuid:3>').getAll('WARC-Concurrent-To')).toHaveLength(3)
  })

  it('refuses fields that would break the header block', () => {
    expect(() => headers.with('Bad Name', 'x')).toThrow(InvalidInputError)
    expect(() => headers.with('X', 'a\r\nWARC-Type: forged')).toThrow(InvalidInputError)
  })

  it('writes a header block that parses back to the same fields', () => {
    const written = headers.with('WARC-Target-URI', 'http://example.com/ü').toBytes('WARC/1.0')
    const text = new TextDecoder().decode(written)
    expect(text.startsWith('WARC/1.0\r\nWARC-Type: response\r\n')).toBe(true)
    expect(text.endsWith('Content-Length: 10\r\nWARC-Concurrent-To: <urn:uuid:2>\r\nWARC-Target-URI: http://example.com/ü\r\n\r\n')).toBe(true)
    const parsed = parseWarcHeaderBlock(written, 0, 1 << 16)
    expect(parsed.status).toBe('ok')
    if (parsed.status !== 'ok') return
    expect(parsed.version).toBe('WARC/1.0')
    expect(parsed.length).toBe(written.length)
    expect([...parsed.headers]).toEqual([...headers.with('WARC-Target-URI', 'http://example.com/ü')])
  })
})

describe('parseWarcHeaderBlock', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

  it('joins continuation lines, trims values, counts lines without a colon', () => {
    const r = parseWarcHeaderBlock(enc('WARC/1.0\r\nWARC-Type: warcinfo \r\nX-Long: one\r\n  two\r\nno colon here\r\n\r\nbody'), 0, 1000)
    expect(r).toMatchObject({ status: 'ok', malformedLines: 1 })
    if (r.status !== 'ok') return
    expect([...r.headers]).toEqual([['WARC-Type', 'warcinfo'], ['X-Long', 'one two']])
  })

  it('says incomplete until the blank line arrives, invalid past the limit', () => {
    expect(parseWarcHeaderBlock(enc('WARC/1.0\r\nWARC-Type: x\r\n'), 0, 1000).status).toBe('incomplete')
    expect(parseWarcHeaderBlock(enc('WAR'), 0, 1000).status).toBe('incomplete')
    expect(parseWarcHeaderBlock(enc('WARC/1.0\r\nWARC-Type: ' + 'x'.repeat(100)), 0, 50).status).toBe('invalid')
    expect(parseWarcHeaderBlock(enc('WARC/x\r\nWARC-Type: x\r\n\r\n'), 0, 1000).status).toBe('invalid')
  })
})
