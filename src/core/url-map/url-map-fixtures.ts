/**
 * Deterministic fixtures shared by the URL-map tests and bench/url-map: entries, links, a seeded
 * PRNG and a block store that counts what goes through it. Not used by the map itself.
 */
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import type { BlockOptions, BlockStore } from '../blocks.ts'
import { MemoryBlockStore } from '../blocks.ts'
import type { UrlEntry } from './url-entry.ts'

/** A stand-in head link: a raw CID whose digest spells `n` (never hashed, never fetched). */
export function fixtureCid (n: number): CID {
  const digest = new Uint8Array(32)
  new DataView(digest.buffer).setFloat64(0, n)
  return CID.createV1(raw.code, Digest.create(sha256.code, digest))
}

export function fixtureEntry (n: number, version = 1): UrlEntry {
  const day = String(1 + (n % 28)).padStart(2, '0')
  return {
    url: `http://www.host${n % 1000}.example/page/${n}?v=${version}`,
    head: fixtureCid(n * 1000 + version),
    first: `2020-01-${day}T00:00:00Z`,
    last: `2020-02-${day}T12:30:00.${version}1Z`,
    count: version
  }
}

/** mulberry32: tiny, fast, good enough to drive randomized tests reproducibly. */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A real in-memory store that counts block reads (except of the blocks in `uncounted`) and writes. */
export class CountingBlockStore implements BlockStore {
  gets = 0
  puts = 0
  private readonly uncounted: Set<string>

  constructor (readonly inner: BlockStore = new MemoryBlockStore(), uncounted: CID[] = []) {
    this.uncounted = new Set(uncounted.map(c => c.toString()))
  }

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    if (!this.uncounted.has(cid.toString())) this.gets++
    return this.inner.get(cid, options)
  }

  async put (cid: CID, bytes: Uint8Array, options?: BlockOptions): Promise<void> {
    this.puts++
    return this.inner.put(cid, bytes, options)
  }

  async has (cid: CID, options?: BlockOptions): Promise<boolean> {
    return this.inner.has(cid, options)
  }

  reset (): void {
    this.gets = 0
    this.puts = 0
  }
}
