import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import type { NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { multihashOfKey } from '../pack-store/multihash-key.ts'

/** A store key (core/blocks.ts multihashKey): the multihash bytes as one char code each. */
const SHA2_256 = 0x12
const DIGEST_BYTES = 32
const KEY_LENGTH = 2 + DIGEST_BYTES

/** A prefix of at most 32 bits as the digest's first 4 bytes would read as an unsigned integer. */
interface WordPrefix {
  mask: number
  want: number
}

function wordPrefix (prefix: NamespacePrefix): WordPrefix {
  if (!Number.isSafeInteger(prefix.bits) || prefix.bits < 0 || prefix.bits > 32) throw new RangeError(`a namespace prefix has 0 to 32 bits, not ${prefix.bits}`)
  // `x << 32` is `x << 0` in JavaScript: the whole and empty masks are written out
  const mask = prefix.bits === 0 ? 0 : prefix.bits === 32 ? 0xffffffff : (0xffffffff << (32 - prefix.bits)) >>> 0
  const b = prefix.bytes
  const word = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0
  return { mask, want: (word & mask) >>> 0 }
}

/**
 * The keys of sha2-256 blocks whose digest starts with one of the prefixes, in the order given. Bits
 * are compared on the key's char codes (no allocation per key): a store of 1M blocks is scanned in
 * milliseconds (docs/namespacing.md). Other hash functions are never in a namespace.
 */
export function keysWithPrefixes (keys: Iterable<string>, prefixes: readonly NamespacePrefix[]): string[] {
  const words = prefixes.map(wordPrefix)
  const out: string[] = []
  const only = words.length === 1 ? words[0] : undefined
  for (const key of keys) {
    if (key.length !== KEY_LENGTH || key.charCodeAt(0) !== SHA2_256 || key.charCodeAt(1) !== DIGEST_BYTES) continue
    const word = ((key.charCodeAt(2) << 24) | (key.charCodeAt(3) << 16) | (key.charCodeAt(4) << 8) | key.charCodeAt(5)) >>> 0
    // one layout (the usual case) is compared without a loop
    if (only != null ? ((word & only.mask) >>> 0) === only.want : words.some(p => ((word & p.mask) >>> 0) === p.want)) out.push(key)
  }
  return out
}

/** A sha2-256 key back as the dag-pb CIDv1 an IPARO root is named by (the store keeps no codec). */
export function rootCidOfKey (key: string): CID {
  return CID.createV1(dagPb.code, multihashOfKey(key))
}
