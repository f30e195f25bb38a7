/**
 * URLs as byte strings: one character per byte (char codes 0–255) of the URL's UTF-8 form. Web archive
 * canonicalization works on bytes — `é`, `%C3%A9` and `%c3%a9` are the same two bytes — and a byte string
 * lets string regexes do that work without a decode that could fail on bytes that are not UTF-8.
 */

const encoder = new TextEncoder()
const NON_ASCII = /[\u0080-\uffff]/
const ESCAPE = /%([0-9a-fA-F]{2})/g
// Bytes escapeOnce writes as %XX: controls and space, `#`, `%`, DEL and every byte above ASCII (not
// characters above 0xff: placeholders).
const UNSAFE = /[^!-~\u0100-\uffff]|[#%]/g
const HEX = '0123456789abcdef'

/** ASCII letters lowercased, every other byte kept (String.toLowerCase would change Latin-1 letters too). */
export function lowerAscii (s: string): string {
  return s.replace(/[A-Z]+/g, m => m.toLowerCase())
}

/** The UTF-8 bytes of `s`, one character each. */
export function toByteString (s: string): string {
  if (!NON_ASCII.test(s)) return s
  const bytes = encoder.encode(s)
  let out = ''
  for (let i = 0; i < bytes.length; i += 4096) out += String.fromCharCode(...bytes.subarray(i, i + 4096))
  return out
}

/** Decodes %XX escapes until none is left (`%2525` → `%`); a `%` not followed by two hex digits stays. */
export function unescapeRepeatedly (s: string, decode: (byte: number) => string = String.fromCharCode): string {
  let current = s
  while (current.includes('%')) {
    const next = current.replace(ESCAPE, (_m, hex: string) => decode(Number.parseInt(hex, 16)))
    if (next === current) break
    current = next
  }
  return current
}

/**
 * Escapes, as lowercase %xx, the bytes that may not stand for themselves in a key: controls, space, `#`,
 * `%` and everything outside ASCII. Any other character of `s` (above 0xff: a placeholder) is left.
 */
export function escapeOnce (s: string): string {
  return s.replace(UNSAFE, c => {
    const code = c.charCodeAt(0)
    return `%${HEX[code >> 4] ?? '0'}${HEX[code & 15] ?? '0'}`
  })
}
