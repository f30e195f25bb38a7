import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { cdxjLine, compareLines, sortLines } from './cdxj.ts'
import { zipNumIndex } from './wacz-parts.ts'

describe('CDXJ lines', () => {
  it('sort by UTF-8 bytes, not UTF-16 code units', () => {
    const astral = 'a \u{1F600}'
    const high = 'a \uFF01'
    // UTF-16 puts the surrogate (0xD83D) first; UTF-8 bytes (F0 > EF) put U+FF01 first
    expect(sortLines([astral, high])).toEqual([high, astral])
    expect(sortLines(['b', 'a b', 'a'])).toEqual(['a', 'a b', 'b'])
    expect(compareLines('x', 'x')).toBe(0)
  })

  it('are pywb lines: SURT key, 14-digit timestamp, JSON with strings for numbers', () => {
    const line = cdxjLine({ uri: 'http://www.Example.com/a?b=2&a=1', datetime: '2014-01-26T20:06:24.5Z', type: 'revisit', mime: 'text/html', status: 200, method: 'POST', digest: 'sha256:X', cid: 'bafy' },
      { offset: 10, length: 20, filename: 'f.warc.gz' })
    expect(line).toBe('com,example)/a?a=1&b=2 20140126200624 {"url":"http://www.Example.com/a?b=2&a=1","mime":"warc/revisit","status":"200","digest":"sha256:X","length":"20","offset":"10","filename":"f.warc.gz","method":"POST","iparo":"bafy"}')
  })

  it('go into ZipNum blocks: one gzip member per block, the .idx naming each block\'s first key and range', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => `com,example)/${i} 2014012620062${i} {"url":"http://example.com/${i}"}`)
    const { cdx, idx } = await zipNumIndex(lines, async b => gzipSync(b), 2)
    expect(cdx).toHaveLength(3)
    const idxLines = idx.trimEnd().split('\n')
    expect(idxLines[0]).toBe('!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}')
    const whole = Buffer.concat(cdx)
    idxLines.slice(1).forEach((line, b) => {
      const { offset, length } = JSON.parse(line.slice(line.indexOf(' {') + 1)) as { offset: number, length: number }
      const block = gunzipSync(whole.subarray(offset, offset + length)).toString().trimEnd().split('\n')
      expect(block).toEqual(lines.slice(b * 2, b * 2 + 2))
      expect(line.startsWith(`com,example)/${b * 2} 2014012620062${b * 2} {`)).toBe(true)
    })
  })
})
