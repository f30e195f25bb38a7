/**
 * Keys are ordered by Unicode code point, which is the byte order of their UTF-8 encoding: the order
 * any implementation sees in the encoded nodes. JavaScript's `<` compares UTF-16 code units, which
 * differs only where a surrogate (astral character) meets U+E000–U+FFFF, so that case is remapped.
 */
export function compareKeys (a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) return codePointRank(x) - codePointRank(y)
      return x - y
    }
  }
  return a.length - b.length
}

// surrogates (D800–DFFF) encode code points above FFFF, so they rank after E000–FFFF
function codePointRank (unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000
}

const NON_ASCII = /[\u0080-\uffff]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** UTF-8 byte length, without encoding. */
export function utf8Length (s: string): number {
  if (!NON_ASCII.test(s)) return s.length
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    // 2 bytes below 0x800; a surrogate pair is 4 bytes for 2 units; anything else 3
    n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2
  }
  return n
}

// ES2024's native check where the runtime has it (Node 20, current browsers): the look-behind
// expression costs more than anything else when an ingest checks every URL-map entry it writes.
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed

/** False when the string holds a lone surrogate, which UTF-8 cannot carry (it would come back as U+FFFD). */
export function isWellFormed (s: string): boolean {
  return nativeWellFormed != null ? nativeWellFormed.call(s) : !LONE_SURROGATE.test(s)
}

/** The first index in sorted `keys` whose key is ≥ `key` (`keys.length` when none is). */
export function lowerBound (keys: readonly string[], key: string): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareKeys(keys[mid] as string, key) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
