/**
 * Bytes as a "binary string": one char per byte (U+0000–U+00FF). Rewriting works on these so that every
 * byte it does not replace comes out exactly as it went in, whatever ASCII-compatible charset the page
 * uses. (TextDecoder's 'latin1' is windows-1252 and would change bytes 0x80–0x9F: not used.)
 */
const SLICE = 0x8000

export function toBinaryString (bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += SLICE) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + SLICE) as unknown as number[])
  }
  return out
}

/** The bytes of a binary string; a char above U+00FF (only ever in text the rewriter adds) is sent as UTF-8. */
export function fromBinaryString (s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c > 0xff) return wide(s)
    out[i] = c
  }
  return out
}

function wide (s: string): Uint8Array {
  const parts: number[] = []
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (c <= 0xff) parts.push(c)
    else parts.push(...new TextEncoder().encode(ch))
  }
  return Uint8Array.from(parts)
}
