import { readdirSync } from 'node:fs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from 'multiformats/hashes/sha2'
import type { PackBlockstore } from './pack-blockstore.ts'

export interface TestBlock { cid: CID, bytes: Uint8Array }

export async function block (seed: number, size = 1000): Promise<TestBlock> {
  const bytes = new Uint8Array(size).map((_, i) => (seed * 31 + i * 7) & 0xff)
  new DataView(bytes.buffer).setUint32(0, seed)
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
}

export async function blocks (n: number, size?: number, from = 0): Promise<TestBlock[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => block(from + i, size)))
}

/**
 * Two blocks whose keys share a fingerprint: sha2-512 multihashes (the store does not check digests)
 * whose first 32 digest bytes are equal and whose last differs.
 */
export function collidingBlocks (): [TestBlock, TestBlock] {
  const make = (last: number): TestBlock => {
    const digest = new Uint8Array(64).fill(0xab)
    digest[63] = last
    return { cid: CID.createV1(raw.code, Digest.create(0x13, digest)), bytes: Uint8Array.of(last, 1, 2, 3) }
  }
  return [make(1), make(2)]
}

export async function listed (store: PackBlockstore): Promise<Array<{ cid: CID, mtimeMs: number }>> {
  const out = []
  for await (const entry of store.list()) out.push(entry)
  return out
}

export const runFiles = (dir: string): string[] => readdirSync(dir).filter(f => f.endsWith('.krun')).sort()
export const packFiles = (dir: string): string[] => readdirSync(dir).filter(f => f.endsWith('.pack')).sort()
