import { hasPrefix, type NamespacePrefix } from './namespace-prefix.ts'

/** The nonce's width in the header record: 16 hex digits, written in place at every try. */
export const NONCE_DIGITS = 16
/** Each try's digest comes from a hash the caller supplies: sync, so a try costs one root hash and nothing else. */
export type SyncHash = (bytes: Uint8Array) => Uint8Array

const HEX = Array.from('0123456789abcdef', c => c.charCodeAt(0))

/** Writes `nonce` (a safe integer) as NONCE_DIGITS lowercase hex digits at `at`. */
export function writeNonce (bytes: Uint8Array, at: number, nonce: number): void {
  let n = nonce
  for (let i = NONCE_DIGITS - 1; i >= 0; i--) {
    bytes[at + i] = HEX[n % 16] ?? 0x30
    n = Math.floor(n / 16)
  }
}

/**
 * Tries nonces `from`, `from + 1`, … (`count` of them) in the root block's bytes, in place, until its
 * sha2-256 digest starts with the prefix; the first that does is returned and left written in `root`.
 * `undefined` when none of them does (the caller goes on with the next range). Deterministic: the
 * smallest matching nonce of the range wins, so the same IPARO always grinds to the same CID.
 */
export function grindNonce (root: Uint8Array, nonceAt: number, prefix: NamespacePrefix, hash: SyncHash, from: number, count: number): number | undefined {
  for (let nonce = from; nonce < from + count; nonce++) {
    writeNonce(root, nonceAt, nonce)
    if (hasPrefix(hash(root), prefix)) return nonce
  }
  return undefined
}
