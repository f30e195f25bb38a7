import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { distanceNanos, type Datetime } from '../datetime.ts'
import { NotFoundError } from '../errors.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { readArchivedExchange } from '../replay/archived-exchange.ts'
import type { OpenedMemento, UrlVersions } from '../replay/url-versions.ts'
import type { ScannedUrl } from './namespace-scan.ts'

/**
 * One URL's captures found by a namespace scan (the local node's `_local` archive part), as replay
 * asks for them: the list is whole and in time order, so every question is answered from it.
 */
export class ScannedVersions implements UrlVersions {
  private readonly refs: MementoRef[]
  private readonly byCid: Map<string, DecodedIparo>

  private constructor (private readonly blocks: BlockGetter, readonly url: string, private readonly mementos: DecodedIparo[]) {
    this.refs = mementos.map((m, seq) => ({ cid: m.cid.toString(), datetime: m.header.datetime, seq }))
    this.byCid = new Map(mementos.map(m => [m.cid.toString(), m]))
  }

  /** The scan's captures; undefined when it found none (replay answers 404, as for a URL not archived). */
  static of (blocks: BlockGetter, scanned: Pick<ScannedUrl, 'mementos'>): ScannedVersions | undefined {
    // the URL as its newest capture recorded it, as the URL map keeps it (archive-writer.ts nextEntry)
    const newest = scanned.mementos.at(-1)
    return newest == null ? undefined : new ScannedVersions(blocks, newest.header.uri, scanned.mementos)
  }

  owns (m: MementoRef): boolean {
    return this.byCid.has(m.cid)
  }

  private at (m: MementoRef): number {
    const i = this.refs.findIndex(r => r.cid === m.cid)
    if (i < 0) throw new NotFoundError(`${m.cid} is not a capture of ${this.url} found here`)
    return i
  }

  private iparo (m: MementoRef): DecodedIparo {
    return this.mementos[this.at(m)] as DecodedIparo
  }

  /** The closest to `at`, the earlier on a tie (the list is in time order: the first of equals is kept). */
  async resolve (at?: Datetime): Promise<MementoRef> {
    if (at == null) return this.refs[this.refs.length - 1] as MementoRef
    let best = this.refs[0] as MementoRef
    let bestDistance = distanceNanos(best.datetime, at)
    for (const r of this.refs) {
      const d = distanceNanos(r.datetime, at)
      if (d < bestDistance) {
        best = r
        bestDistance = d
      }
    }
    return best
  }

  async first (): Promise<MementoRef | undefined> {
    return this.refs[0]
  }

  async prev (m: MementoRef): Promise<MementoRef | undefined> {
    return this.refs[this.at(m) - 1]
  }

  async next (m: MementoRef): Promise<MementoRef | undefined> {
    return this.refs[this.at(m) + 1]
  }

  async timemap (): Promise<{ mementos: MementoRef[], complete: boolean }> {
    return { mementos: [...this.refs], complete: true }
  }

  async describe (m: MementoRef): Promise<{ status?: number, mime?: string }> {
    const h = this.iparo(m).header
    return { ...(h.status != null ? { status: h.status } : {}), ...(h.mime != null ? { mime: h.mime } : {}) }
  }

  async captured (m: MementoRef): Promise<string> {
    return this.iparo(m).header.uri
  }

  async open (m: MementoRef, signal?: AbortSignal): Promise<OpenedMemento> {
    const iparo = this.iparo(m)
    const exchange = await readArchivedExchange(this.blocks, iparo, { signal })
    return { uri: iparo.header.uri, exchange, blocks: this.blocks, alternate: { uri: `ipfs://${m.cid}`, type: 'application/warc' } }
  }

  /**
   * The archived Location resolved against the captured URL, at this capture's datetime. Unlike the
   * URL map's redirects, a self-redirect (same SURT) is not searched around (left out: docs/namespacing.md).
   */
  async redirectTarget (opened: OpenedMemento, _requested: string, m: MementoRef): Promise<{ url: string, datetime: Datetime } | undefined> {
    const location = opened.exchange.headers.get('location')
    if (location == null) return undefined
    try {
      return { url: new URL(location.trim(), opened.uri).href, datetime: m.datetime }
    } catch {
      return undefined
    }
  }
}
