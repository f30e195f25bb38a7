import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import { InvalidChainError } from '../errors.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { CountingBlocks } from './counting-blocks.ts'
import { instantEnd, instantPrefix, parseVersionKey, versionKey } from './version-key.ts'

/** One version as its index lists it. */
export interface IndexedVersion extends MementoRef {
  /** the URL as captured (http and https captures of one key differ here) */
  url: string
}

/**
 * A URL's version index opened for reading: every version of the URL in (datetime, seq) order, as a
 * URL map whose keys are version keys (version-key.ts) and whose entries describe one capture each
 * (`head` is its IPARO). Lookups read one node per level plus, at a leaf's edge, its neighbour: two or
 * three blocks up to ~150,000 versions. `reads` counts the blocks fetched (decoded nodes are cached).
 * Entries are checked against their keys; a node that does not decode is an error to the caller, who
 * falls back to the version chain.
 */
export class VersionIndex {
  private constructor (private readonly map: UrlMap, private readonly counter?: CountingBlocks) {}

  static async open (blocks: BlockGetter, root: CID): Promise<VersionIndex> {
    const counter = new CountingBlocks(blocks)
    return new VersionIndex(await UrlMap.load(counter, root, { cacheSize: 16 }), counter)
  }

  /** Lookups on a map the caller also writes through (its reads are not counted). */
  static over (map: UrlMap): VersionIndex {
    return new VersionIndex(map)
  }

  /** Blocks fetched so far (0 for `over`). */
  get reads (): number {
    return this.counter?.reads ?? 0
  }

  get count (): number {
    return this.map.count
  }

  /** The version at position `index` in time order, or undefined outside 0 … count − 1. */
  async at (index: number): Promise<IndexedVersion | undefined> {
    if (index < 0 || index >= this.map.count) return undefined
    for await (const [key, entry] of this.map.rangeAt(index, 1)) return toVersion(key, entry)
    return undefined
  }

  first (): Promise<IndexedVersion | undefined> {
    return this.at(0)
  }

  /** The latest version; among versions at its instant the first appended (as the chain's goals). */
  async latest (): Promise<IndexedVersion | undefined> {
    return this.firstAtInstantOf(await this.at(this.map.count - 1))
  }

  /**
   * The chain's `closest` rule: the latest instant at or before `datetime` or the first after it,
   * whichever is nearer, on equal distance the one at or before; among versions at that instant the
   * first appended, so a capture ingested later at an existing instant never changes what its URI-M
   * replays.
   */
  async closest (datetime: Datetime, nanosOf: (d: Datetime) => bigint): Promise<IndexedVersion | undefined> {
    const r = await this.map.rank(instantEnd(datetime))
    const after = await this.at(r)
    const before = await this.firstAtInstantOf(await this.at(r - 1))
    if (before == null || after == null) return before ?? after
    const t = nanosOf(datetime)
    return t - nanosOf(before.datetime) <= nanosOf(after.datetime) - t ? before : after
  }

  /** The first appended of the versions at `v`'s instant (usually `v`'s own leaf: no read). */
  private async firstAtInstantOf (v: IndexedVersion | undefined): Promise<IndexedVersion | undefined> {
    if (v == null) return undefined
    return this.at(await this.map.rank(instantPrefix(v.datetime)))
  }

  /**
   * The last version appended at exactly `datetime`, if any. A range scan, not a rank: it reads the
   * leaf where the instant's keys are (the one an insert there rewrites), not its left neighbour.
   */
  async exact (datetime: Datetime): Promise<IndexedVersion | undefined> {
    let last: IndexedVersion | undefined
    for await (const [key, entry] of this.map.range({ gte: instantPrefix(datetime), lt: instantEnd(datetime) })) last = toVersion(key, entry)
    return last
  }

  /** The versions just before and after `m` in (datetime, seq) order. */
  async neighbours (m: MementoRef): Promise<{ prev?: IndexedVersion, next?: IndexedVersion }> {
    const key = versionKey(m.datetime, m.seq)
    const r = await this.map.rank(key)
    const here = await this.at(r)
    const prev = await this.at(r - 1)
    const next = await this.at(here != null && here.seq === m.seq && here.cid === m.cid ? r + 1 : r)
    return { ...(prev != null ? { prev } : {}), ...(next != null ? { next } : {}) }
  }

  /** Every version in time order, streamed. */
  async * list (signal?: AbortSignal): AsyncGenerator<IndexedVersion> {
    for await (const [key, entry] of this.map.range({ ...(signal != null ? { signal } : {}) })) yield toVersion(key, entry)
  }
}

function toVersion (key: string, entry: UrlEntry): IndexedVersion {
  const parsed = parseVersionKey(key)
  if (parsed == null || entry.first !== parsed.datetime || entry.count !== 1) {
    throw new InvalidChainError(`version index entry ${JSON.stringify(key)} does not describe one version at its key`)
  }
  return { cid: entry.head.toString(), datetime: parsed.datetime, seq: parsed.seq, url: entry.url }
}
