import { describe, expect, it } from 'vitest'
import { extractTitle } from './extract-title.ts'

const enc = new TextEncoder()

/** What the title search means: the first match of this expression in the decoded first 64 KiB. */
function byRegex (bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 65_536))
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text)
  if (m == null) return undefined
  const raw = m[1] ?? ''
  return raw
}

describe('extractTitle', () => {
  it('finds the same title element as a regular expression over the decoded text', () => {
    const cases = [
      '<html><head><title>Hello</title></head>',
      '<HTML><TITLE lang="en">Mixed Case</TiTlE>',
      '<title>first</title><title>second</title>',
      '<title>unclosed <b>bold</b></title><title>next</title>',
      '<titles>plural tag</titles><title>real</title>',
      '<title>no end',
      '<title',
      '<p>no title at all</p>',
      '<title<x>odd</title>',
      '<title>caf\u00e9 \u2014 \ud83d\ude00</title>',
      '\u00ff\u00fe<title>after non-ASCII</title>'
    ]
    for (const html of cases) {
      const bytes = enc.encode(html)
      const expected = byRegex(bytes)
      const got = extractTitle(bytes, 'text/html')
      if (expected == null || expected.trim() === '') expect(got, html).toBeUndefined()
      else expect(got, html).toBe(expected.replace(/\s+/g, ' ').trim())
    }
  })

  it('reads invalid UTF-8 around the element as replacement characters, never as part of the markup', () => {
    const bytes = new Uint8Array([0xe2, 0x82, ...enc.encode('<title>\u00e9t\u00e9</title>'), 0xff])
    expect(extractTitle(bytes, 'text/html')).toBe('\u00e9t\u00e9')
  })

  it('decodes entities, folds white space, caps the length, and looks only at HTML within the first 64 KiB', () => {
    expect(extractTitle(enc.encode('<title>\n  A &amp; B &#x263A; &lt;x&gt;  </title>'), 'text/html; charset=utf-8')).toBe('A & B \u263a <x>')
    expect(extractTitle(enc.encode(`<title>${'x'.repeat(400)}</title>`), 'text/html')).toHaveLength(300)
    expect(extractTitle(enc.encode('<title>t</title>'), 'text/plain')).toBeUndefined()
    expect(extractTitle(enc.encode('<title>t</title>'), undefined)).toBeUndefined()
    expect(extractTitle(enc.encode(`${' '.repeat(65_530)}<title>late</title>`), 'text/html')).toBeUndefined()
    expect(extractTitle(enc.encode('<title>   </title>'), 'text/html')).toBeUndefined()
  })
})
