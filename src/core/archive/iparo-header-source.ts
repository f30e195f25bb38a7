import { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import type { ChainSource } from '../chain/index.ts'
import type { VersionHeader } from '../chain/index.ts'
import { setBounded } from '../bounded-map.ts'
import { readIparo, type DecodedIparo } from '../iparo/iparo-root.ts'

/**
 * The version chain's view of IPAROs: one root-block fetch gives a header. Decoded IPAROs are kept in a
 * bounded cache (they are immutable), and `fetches` counts real reads for `--json` reports.
 */
export class IparoHeaderSource implements ChainSource {
  fetches = 0
  private readonly cache = new Map<string, DecodedIparo>()
  /** headers this process wrote (see `learn`), kept apart: far smaller than decoded IPAROs */
  private readonly learned = new Map<string, VersionHeader>()

  constructor (readonly blocks: BlockGetter, private readonly cacheSize = 10_000, private readonly learnedSize = 20_000) {}

  async iparo (cid: string, options?: { signal?: AbortSignal }): Promise<DecodedIparo> {
    const cached = this.cache.get(cid)
    if (cached != null) return cached
    this.fetches++
    const decoded = await readIparo(this.blocks, CID.parse(cid), options)
    setBounded(this.cache, this.cacheSize, cid, decoded)
    return decoded
  }

  async header (cid: string, options?: { signal?: AbortSignal }): Promise<VersionHeader> {
    const learned = this.learned.get(cid)
    if (learned != null) return learned
    const { header } = await this.iparo(cid, options)
    return { cid, datetime: header.datetime, seq: header.seq, links: header.links, chain: header.chain }
  }

  /**
   * A header the caller has just written into an IPARO (the chain appender's committed version), so a
   * writer that drops and later rebuilds a URL's appender in the same run starts from it without
   * reading the IPARO back. It must be what `header` would decode from that IPARO.
   */
  learn (header: VersionHeader): void {
    setBounded(this.learned, this.learnedSize, header.cid, header)
  }
}
