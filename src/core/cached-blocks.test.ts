import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from './blocks.ts'
import { CachedBlocks } from './cached-blocks.ts'

async function block (text: string): Promise<{ cid: CID, bytes: Uint8Array }> {
  const bytes = new TextEncoder().encode(text)
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
}

describe('CachedBlocks', () => {
  it('serves repeated reads from memory and stays under its byte budget, oldest out first', async () => {
    const store = new MemoryBlockStore()
    const [a, b, c] = await Promise.all(['aaaa', 'bbbb', 'cccc'].map(block))
    if (a == null || b == null || c == null) throw new Error('unreachable')
    for (const x of [a, b, c]) await store.put(x.cid, x.bytes)
    let reads = 0
    const cached = new CachedBlocks({ get: async (cid) => { reads++; return store.get(cid) } }, 8)
    for (const x of [a, b, c]) await cached.get(x.cid)
    expect(reads).toBe(3)
    // 8 bytes hold two blocks: a was evicted, b and c are served from memory
    await cached.get(c.cid)
    await cached.get(b.cid)
    expect(reads).toBe(3)
    await cached.get(a.cid)
    expect(reads).toBe(4)
  })

  it('passes misses through as errors and does not cache them', async () => {
    const { cid } = await block('absent')
    const cached = new CachedBlocks(new MemoryBlockStore())
    await expect(cached.get(cid)).rejects.toThrow(/not found/)
    await expect(cached.get(cid)).rejects.toThrow(/not found/)
  })
})
