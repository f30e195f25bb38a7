const encoder = new TextEncoder()
let scratch = new Uint8Array(1024)

/**
 * MurmurHash3 (x86, 32-bit) of the key's UTF-8 bytes, seeded with the tree level. Part of the map's
 * format: node boundaries depend on it (see boundary.ts), so another implementation must compute the
 * same values. Not cryptographic: the size caps bound what crafted keys can do to node sizes.
 */
export function keyHash (key: string, level: number): number {
  if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3)
  const len = encoder.encodeInto(key, scratch).written
  return murmur3(scratch, len, level)
}

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

function mixK (k: number): number {
  k = Math.imul(k, C1)
  k = (k << 15) | (k >>> 17)
  return Math.imul(k, C2)
}

export function murmur3 (bytes: Uint8Array, len: number, seed: number): number {
  let h = seed >>> 0
  const view = new DataView(bytes.buffer, bytes.byteOffset, len)
  const blocks = len & ~3
  for (let i = 0; i < blocks; i += 4) {
    h ^= mixK(view.getUint32(i, true))
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  const rest = len & 3
  if (rest > 0) {
    let k = 0
    if (rest === 3) k ^= (bytes[blocks + 2] ?? 0) << 16
    if (rest >= 2) k ^= (bytes[blocks + 1] ?? 0) << 8
    k ^= bytes[blocks] ?? 0
    h ^= mixK(k)
  }
  h ^= len
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
