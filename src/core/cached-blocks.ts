import type { CID } from 'multiformats/cid'
import { blockKey, type BlockGetter, type BlockOptions } from './blocks.ts'

/**
 * A bounded LRU of blocks in front of a slower getter. Content addressing makes every entry valid
 * forever, so nothing is invalidated. Blocks are kept as the inner getter returned them: verification
 * stays where it was (the readers verify what they use).
 */
export class CachedBlocks implements BlockGetter {
  private readonly cache = new Map<string, Uint8Array>()
  private bytes = 0

  constructor (private readonly inner: BlockGetter, private readonly maxBytes = 64 * 1024 * 1024, private readonly maxBlock = 256 * 1024 + 64) {}

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    const key = blockKey(cid)
    const hit = this.cache.get(key)
    if (hit != null) {
      this.cache.delete(key)
      this.cache.set(key, hit)
      return hit
    }
    const bytes = await this.inner.get(cid, options)
    if (bytes.byteLength <= this.maxBlock) {
      this.cache.set(key, bytes)
      this.bytes += bytes.byteLength
      for (const [oldKey, old] of this.cache) {
        if (this.bytes <= this.maxBytes) break
        this.cache.delete(oldKey)
        this.bytes -= old.byteLength
      }
    }
    return bytes
  }
}
