import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { equals } from 'uint8arrays/equals'
import { BlockNotFoundError, BlockVerificationError } from './errors.ts'

export interface BlockOptions {
  signal?: AbortSignal
}

/** Where blocks come from: a local store, a gateway, a cache. Nothing here is trusted. */
export interface BlockGetter {
  get (cid: CID, options?: BlockOptions): Promise<Uint8Array>
}

/** A content-addressed store. `put` is idempotent: the same CID is stored once. */
export interface BlockStore extends BlockGetter {
  put (cid: CID, bytes: Uint8Array, options?: BlockOptions): Promise<void>
  has (cid: CID, options?: BlockOptions): Promise<boolean>
}

/**
 * Stores key blocks by multihash, as IPFS does: a raw and a dag-pb block of equal bytes are one entry.
 * The key is the bytes as one char code each: an in-memory key only (never stored or shown), and a
 * fifth of the cost of base64, which ingest paid several times per block.
 */
export const blockKey = (cid: CID): string => multihashKey(cid.multihash.bytes)

/** The key of a multihash's bytes (see blockKey): also what the pack store indexes blocks by. */
export function multihashKey (bytes: Uint8Array): string {
  // apply() takes the bytes as arguments: bounded, since an identity multihash can be large
  if (bytes.byteLength <= 256) return String.fromCharCode.apply(null, bytes as unknown as number[])
  let key = ''
  for (let i = 0; i < bytes.byteLength; i += 256) key += String.fromCharCode.apply(null, bytes.subarray(i, i + 256) as unknown as number[])
  return key
}

/** A real in-memory block store (tests, simulators, the in-browser staging area). */
export class MemoryBlockStore implements BlockStore {
  readonly blocks = new Map<string, Uint8Array>()

  async get (cid: CID): Promise<Uint8Array> {
    const bytes = this.blocks.get(blockKey(cid))
    if (bytes == null) throw new BlockNotFoundError(cid.toString())
    return bytes
  }

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.blocks.set(blockKey(cid), bytes)
  }

  async has (cid: CID): Promise<boolean> {
    return this.blocks.has(blockKey(cid))
  }

  get size (): number {
    return this.blocks.size
  }
}

const hashers = new Map<number, (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>>([
  [sha256.code, async (b) => await sha256.encode(b)],
  [sha512.code, async (b) => await sha512.encode(b)],
  [identity.code, (b) => identity.digest(b).digest]
])

/** True when `bytes` hash to `cid`'s multihash. Unknown hash functions are never trusted. */
export async function blockMatches (cid: CID, bytes: Uint8Array): Promise<boolean> {
  const hash = hashers.get(cid.multihash.code)
  if (hash == null) return false
  return equals(await hash(bytes), cid.multihash.digest)
}

/** Throws BlockVerificationError unless `bytes` are `cid`'s. */
export async function verifyBlock (cid: CID, bytes: Uint8Array): Promise<Uint8Array> {
  if (!(await blockMatches(cid, bytes))) throw new BlockVerificationError(cid.toString())
  return bytes
}

/** Wraps any block source so that every read is checked against its CID, on every read. */
export function verifyingGetter (inner: BlockGetter): BlockGetter {
  return {
    async get (cid, options) {
      return verifyBlock(cid, await inner.get(cid, options))
    }
  }
}

export { CID }
