import { describe, expect, it } from 'vitest'
import { compareKeys, isWellFormed, utf8Length } from './key-order.ts'
import { seededRandom } from './url-map-fixtures.ts'

const encoder = new TextEncoder()

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  }
  return a.length - b.length
}

// ASCII, Latin-1, CJK, the top of the BMP and astral characters: where UTF-16 and UTF-8 orders part
const ALPHABET = ['a', 'b', ')', ',', '/', 'é', 'ÿ', '中', '\uE000', '\uFFFD', '\uFFFF', '😀', '\u{10000}', '\u{10FFFF}']

describe('compareKeys', () => {
  it('orders exactly as the UTF-8 bytes do', () => {
    const rand = seededRandom(3)
    const word = (): string => Array.from({ length: Math.floor(rand() * 5) }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join('')
    for (let i = 0; i < 5000; i++) {
      const a = word()
      const b = rand() < 0.3 ? a + word() : word()
      expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(compareBytes(encoder.encode(a), encoder.encode(b))))
    }
  })

  it('puts astral characters after the top of the BMP, unlike <', () => {
    expect('😀' < '\uFFFD').toBe(true)
    expect(compareKeys('😀', '\uFFFD')).toBeGreaterThan(0)
    expect(compareKeys('com,example)/', 'com,example)/a')).toBeLessThan(0)
    expect(compareKeys('x', 'x')).toBe(0)
  })
})

describe('utf8Length and isWellFormed', () => {
  it('count UTF-8 bytes without encoding', () => {
    for (const s of ['', 'abc', 'é', '中文', '😀x', ALPHABET.join('')]) expect(utf8Length(s)).toBe(encoder.encode(s).length)
  })

  it('spot lone surrogates', () => {
    expect(isWellFormed('a😀b')).toBe(true)
    expect(isWellFormed('a\uD83Db')).toBe(false)
    expect(isWellFormed('\uDE00')).toBe(false)
  })
})
