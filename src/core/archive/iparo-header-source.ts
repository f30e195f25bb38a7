import { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import type { ChainSource } from '../chain/index.ts'
import type { VersionHeader } from '../chain/index.ts'
import { readIparo, type DecodedIparo } from '../iparo/iparo-root.ts'

/**
 * The version chain's view of IPAROs: one root-block fetch gives a header. Decoded IPAROs are kept in a
 * bounded cache (they are immutable), and `fetches` counts real reads for `--json` reports.
 */
export class IparoHeaderSource implements ChainSource {
  fetches = 0
  private readonly cache = new Map<string, DecodedIparo>()

  constructor (readonly blocks: BlockGetter, private readonly cacheSize = 10_000) {}

  async iparo (cid: string, options?: { signal?: AbortSignal }): Promise<DecodedIparo> {
    const cached = this.cache.get(cid)
    if (cached != null) return cached
    this.fetches++
    const decoded = await readIparo(this.blocks, CID.parse(cid), options)
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value
      if (oldest != null) this.cache.delete(oldest)
    }
    this.cache.set(cid, decoded)
    return decoded
  }

  async header (cid: string, options?: { signal?: AbortSignal }): Promise<VersionHeader> {
    const { header } = await this.iparo(cid, options)
    return { cid, datetime: header.datetime, seq: header.seq, links: header.links, chain: header.chain }
  }
}
