const LOWER = new TextEncoder().encode('abcdefghijklmnopqrstuvwxyz234567')
const UPPER = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')

/**
 * RFC 4648 base32 without padding, lower case (multibase `b…`, CIDs) or upper case (WARC digests).
 * multiformats' encoder appends one character at a time, a string object per character; ingest encodes
 * ~7 CIDs and digests per record, and those strings were ~5% of everything it allocated. Here the
 * characters go into one array and become one string.
 */
export function base32Encode (bytes: Uint8Array, upper = false): string {
  const alphabet = upper ? UPPER : LOWER
  const out = new Array<number>(Math.ceil(bytes.byteLength * 8 / 5))
  let o = 0
  let buffer = 0
  let bits = 0
  for (let i = 0; i < bytes.byteLength; i++) {
    buffer = ((buffer << 8) | (bytes[i] ?? 0)) & 0xfff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out[o++] = alphabet[(buffer >> bits) & 31] ?? 0
    }
  }
  if (bits > 0) out[o++] = alphabet[(buffer << (5 - bits)) & 31] ?? 0
  // apply() takes the characters as arguments: bounded, since an identity-multihash CID can be large
  if (o <= 4096) return String.fromCharCode.apply(null, out)
  let s = ''
  for (let i = 0; i < o; i += 4096) s += String.fromCharCode.apply(null, out.slice(i, i + 4096))
  return s
}
