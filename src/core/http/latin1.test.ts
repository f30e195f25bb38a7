import { describe, expect, it } from 'vitest'
import { decodeLatin1, encodeLatin1 } from './latin1.ts'

describe('latin1', () => {
  it('decodes every byte to the code unit of the same value, windows-1252\'s 0x80–0x9F included', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const text = decodeLatin1(all)
    expect(text).toHaveLength(256)
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(i)
    // one byte from that range in otherwise plain text, and long inputs (sliced)
    for (const b of [0x80, 0x81, 0x8d, 0x9f, 0xa0, 0xe9]) {
      const bytes = new TextEncoder().encode(`Location: /caf${'x'.repeat(20_000)}`)
      bytes[12] = b
      const decoded = decodeLatin1(bytes)
      expect(decoded.charCodeAt(12)).toBe(b)
      expect(encodeLatin1(decoded)).toEqual(bytes)
    }
  })
})
