import type { ArchiveReader } from '../archive/archive-reader.ts'
import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import { BlockNotFoundError } from '../errors.ts'
import type { UrlEntry } from '../url-map/url-map.ts'
import { readArchivedExchange } from './archived-exchange.ts'
import { redirectTarget } from './archived-redirect.ts'
import type { MementoRel } from './memento-links.ts'
import type { OpenedMemento, UrlVersions } from './url-versions.ts'

/** A URL's `memento` IPAROs: its URL-map entry, version index or chain (the archive reader's lookups). */
export class MapVersions implements UrlVersions {
  constructor (private readonly blocks: BlockGetter, private readonly reader: ArchiveReader, readonly entry: UrlEntry) {}

  get url (): string {
    return this.entry.url
  }

  // file records are named `<CID>#<offset>`; an IPARO by its CID alone
  owns (m: MementoRef): boolean {
    return !m.cid.includes('#')
  }

  async resolve (at?: Datetime): Promise<MementoRef> {
    const found = await this.reader.resolve(this.entry, at)
    if (found.memento == null) throw new BlockNotFoundError(found.unreachable[0] ?? this.entry.head.toString())
    return found.memento
  }

  async first (): Promise<MementoRef | undefined> {
    return (await this.reader.first(this.entry)).memento
  }

  async prev (m: MementoRef): Promise<MementoRef | undefined> {
    return (await this.reader.prev(this.entry, m)).memento
  }

  async next (m: MementoRef): Promise<MementoRef | undefined> {
    return (await this.reader.next(this.entry, m)).memento
  }

  async timemap (): Promise<{ mementos: MementoRef[], complete: boolean }> {
    const listing = await this.reader.timemap(this.entry)
    return { mementos: listing.mementos.map((m, seq) => ({ ...m, seq })), complete: listing.complete }
  }

  async describe (m: MementoRef): Promise<{ status?: number, mime?: string }> {
    const h = await this.reader.source.iparo(m.cid).then(i => i.header, () => undefined)
    return { ...(h?.status != null ? { status: h.status } : {}), ...(h?.mime != null ? { mime: h.mime } : {}) }
  }

  async captured (m: MementoRef): Promise<string> {
    return (await this.reader.source.iparo(m.cid)).header.uri
  }

  async open (m: MementoRef): Promise<OpenedMemento> {
    const iparo = await this.reader.source.iparo(m.cid)
    const exchange = await readArchivedExchange(this.blocks, iparo)
    return { uri: iparo.header.uri, exchange, blocks: this.blocks, alternate: { uri: `ipfs://${m.cid}`, type: 'application/warc' } }
  }

  async redirectTarget (opened: OpenedMemento, requested: string, m: MementoRef, near: Partial<Record<MementoRel, MementoRef>>): Promise<{ url: string, datetime: Datetime } | undefined> {
    return redirectTarget(opened.exchange, opened.uri, requested, { blocks: this.blocks, reader: this.reader, entry: this.entry, memento: m, near })
  }
}
