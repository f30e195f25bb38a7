import { sha256 } from 'multiformats/hashes/sha2'
import { ARCHIVAL_TAG, type NamespaceLayout } from './namespace-layout.ts'

/** The leading bits an IPARO root's digest must have: `bits` long, the rest of `bytes` zero. */
export interface NamespacePrefix {
  bytes: Uint8Array
  bits: number
}

const encoder = new TextEncoder()

/** Copies `count` bits of `from` (from its first bit) to `to` starting at bit `at`. */
function copyBits (from: Uint8Array, to: Uint8Array, at: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const bit = ((from[i >> 3] ?? 0) >> (7 - (i & 7))) & 1
    const j = at + i
    if (bit === 1) to[j >> 3] = (to[j >> 3] ?? 0) | (0x80 >> (j & 7))
  }
}

/** The prefix of a URL key (the URL-map key: the SURT key, or a request key) under a layout. */
export async function namespacePrefix (layout: NamespaceLayout, key: string): Promise<NamespacePrefix> {
  const total = layout.bits + layout.urlBits
  const bytes = new Uint8Array(Math.ceil(total / 8))
  copyBits(ARCHIVAL_TAG, bytes, 0, layout.bits)
  if (layout.urlBits > 0) copyBits(await sha256.encode(encoder.encode(key)), bytes, layout.bits, layout.urlBits)
  return { bytes, bits: total }
}

/** Whether `digest` (a multihash's digest bytes, or any bytes) starts with the prefix's bits. */
export function hasPrefix (digest: Uint8Array, prefix: NamespacePrefix, offset = 0): boolean {
  const whole = prefix.bits >> 3
  for (let i = 0; i < whole; i++) if (digest[offset + i] !== prefix.bytes[i]) return false
  const rest = prefix.bits & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return ((digest[offset + whole] ?? 0) & mask) === (prefix.bytes[whole] ?? 0)
}
