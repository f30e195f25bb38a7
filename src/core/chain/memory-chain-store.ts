import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { MemoryBlockStore } from '../blocks.ts'
import type { BlockGetter } from '../blocks.ts'
import { BlockNotFoundError } from '../errors.ts'
import type { AppendDraft, ChainAppender } from './chain-appender.ts'
import type { ChainSource } from './header-source.ts'
import type { VersionHeader } from './version-header.ts'
import type { Datetime } from '../datetime.ts'

/**
 * Headers and segments in memory, with read counters and a set of CIDs that act unreachable:
 * the real store tests and the policy simulator run resolution against.
 */
export class MemoryChainStore implements ChainSource {
  readonly headers = new Map<string, VersionHeader>()
  readonly segmentStore = new MemoryBlockStore()
  readonly unreachable = new Set<string>()
  headerReads = 0
  blockReads = 0
  readonly blocks: BlockGetter = {
    get: async (cid) => {
      this.blockReads++
      if (this.unreachable.has(cid.toString())) throw new BlockNotFoundError(cid.toString())
      return this.segmentStore.get(cid)
    }
  }

  async header (cid: string): Promise<VersionHeader> {
    this.headerReads++
    const h = this.headers.get(cid)
    if (h === undefined || this.unreachable.has(cid)) throw new BlockNotFoundError(cid)
    return h
  }

  get reads (): number {
    return this.headerReads + this.blockReads
  }

  /** Stores a draft as a header whose CID hashes its JSON (what the simulator needs from an IPARO). */
  async store (draft: AppendDraft, salt = ''): Promise<VersionHeader> {
    for (const b of draft.extraBlocks) await this.segmentStore.put(b.cid, b.bytes)
    const body = { datetime: draft.datetime, seq: draft.seq, links: draft.links, chain: draft.chain }
    const bytes = new TextEncoder().encode(JSON.stringify(body) + salt)
    const cid = CID.create(1, raw.code, await sha256.digest(bytes)).toString()
    const header: VersionHeader = { cid, ...body }
    this.headers.set(cid, header)
    return header
  }

  /** Appends each datetime in turn through `appender` (one run) and returns the headers written. */
  async appendAll (appender: ChainAppender, datetimes: Datetime[]): Promise<VersionHeader[]> {
    const out: VersionHeader[] = []
    for (const dt of datetimes) {
      const header = await this.store(await appender.prepare(dt))
      appender.commit(header.cid)
      out.push(header)
    }
    return out
  }
}
