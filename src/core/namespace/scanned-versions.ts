import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { NotFoundError } from '../errors.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { readArchivedExchange } from '../replay/archived-exchange.ts'
import { ListedVersions } from '../replay/listed-versions.ts'
import type { OpenedMemento } from '../replay/url-versions.ts'
import type { ScannedUrl } from './namespace-scan.ts'

/**
 * One URL's captures found by a namespace scan (the local node's `_local` archive part), as replay
 * asks for them: the list is whole and in time order, so every question is answered from it.
 */
export class ScannedVersions extends ListedVersions {
  private readonly byCid: Map<string, DecodedIparo>

  private constructor (private readonly blocks: BlockGetter, readonly url: string, mementos: DecodedIparo[]) {
    super(mementos.map((m, seq) => ({ cid: m.cid.toString(), datetime: m.header.datetime, seq })))
    this.byCid = new Map(mementos.map(m => [m.cid.toString(), m]))
  }

  /** The scan's captures; undefined when it found none (replay answers 404, as for a URL not archived). */
  static of (blocks: BlockGetter, scanned: Pick<ScannedUrl, 'mementos'>): ScannedVersions | undefined {
    // the URL as its newest capture recorded it, as the URL map keeps it (archive-writer.ts nextEntry)
    const newest = scanned.mementos.at(-1)
    return newest == null ? undefined : new ScannedVersions(blocks, newest.header.uri, scanned.mementos)
  }

  override owns (m: MementoRef): boolean {
    return this.byCid.has(m.cid)
  }

  private iparo (m: MementoRef): DecodedIparo {
    const found = this.byCid.get(m.cid)
    if (found == null) throw new NotFoundError(`${m.cid} is not a capture of ${this.url} found here`)
    return found
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
}
