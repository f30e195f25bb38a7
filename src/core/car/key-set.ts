import type { CID } from 'multiformats/cid'
import { varint } from 'multiformats'

/**
 * A set of byte keys that only grows, for walks that must meet each block once (a CAR export, gc's
 * mark, a push). The core holds none of an archive's size in it: the edge chooses where keys live
 * (MemoryKeySet here; src/node/export/spill-set.ts keeps most of them on disk). Exact: `has` never
 * answers true for a key that was not added, nor false for one that was.
 */
export interface KeySet {
  /** Adds `key`; true when it was not there before. */
  add: (key: Uint8Array) => Promise<boolean>
  has: (key: Uint8Array) => Promise<boolean>
  /** how many keys were added */
  readonly size: number
}

/** A key per (multihash, codec): a walk reads one block once per codec it is linked with. */
export function walkKey (cid: CID): Uint8Array {
  const mh = cid.multihash.bytes
  const key = new Uint8Array(mh.byteLength + varint.encodingLength(cid.code))
  key.set(mh)
  varint.encodeTo(cid.code, key, mh.byteLength)
  return key
}

/** The bytes of a key as a string of code units 0–255 (compact in V8, and comparable in byte order). */
export function keyString (key: Uint8Array): string {
  // one flat string (concatenating a character at a time would build a rope of key.length nodes)
  return String.fromCharCode(...key)
}

/** Every key in memory: for small walks and tests (a gateway request, a browser). */
export class MemoryKeySet implements KeySet {
  private readonly keys = new Set<string>()

  get size (): number { return this.keys.size }

  async add (key: Uint8Array): Promise<boolean> {
    const text = keyString(key)
    if (this.keys.has(text)) return false
    this.keys.add(text)
    return true
  }

  async has (key: Uint8Array): Promise<boolean> {
    return this.keys.has(keyString(key))
  }
}
