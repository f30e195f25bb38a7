import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { compareDatetime, distanceNanos, type Datetime } from '../datetime.ts'
import { NotFoundError } from '../errors.ts'
import type { OpenedMemento, UrlVersions } from '../replay/url-versions.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import type { OpenedFileIparo } from './file-iparo.ts'
import { readIndexedRecord } from './read-indexed-record.ts'
import { PayloadOverlay, recordExchange } from './record-exchange.ts'
import type { FileRecord } from './file-record.ts'
import { resolveRevisit } from './resolve-revisit.ts'

/** The declared digest of zero bytes, as crawlers write it (other spellings: the revisit looks for an original). */
const EMPTY_SHA1 = 'SHA1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ'

/** Finds index entries of a URL in the same file (revisits look their originals up there). */
export type EntryLookup = (uri: string) => Promise<FileIndexEntry[]>

/**
 * One URL's captures inside one whole-file IPARO, from its index entries (in time order). A capture
 * is named `<file IPARO CID>#<offset>`. Opening reads the record's bytes through UnixFS ranges.
 */
export class FileVersions implements UrlVersions {
  private readonly refs: MementoRef[]

  constructor (private readonly blocks: BlockGetter, readonly file: OpenedFileIparo, private readonly entries: FileIndexEntry[], private readonly lookup: EntryLookup) {
    if (entries.length === 0) throw new Error('FileVersions needs an entry')
    this.entries = [...entries].sort((a, b) => compareDatetime(a.datetime, b.datetime) || a.offset - b.offset)
    this.refs = this.entries.map((e, seq) => ({ cid: `${file.cid.toString()}#${e.offset}`, datetime: e.datetime, seq }))
  }

  get url (): string {
    return (this.entries[0] as FileIndexEntry).uri
  }

  owns (m: MementoRef): boolean {
    return this.refs.some(r => r.cid === m.cid)
  }

  private at (m: MementoRef): number {
    const i = this.refs.findIndex(r => r.cid === m.cid)
    if (i < 0) throw new NotFoundError(`${m.cid} is not a capture of ${this.url} in this file`)
    return i
  }

  async resolve (at?: Datetime): Promise<MementoRef> {
    if (at == null) return this.refs[this.refs.length - 1] as MementoRef
    let best = this.refs[0] as MementoRef
    for (const r of this.refs) if (distanceNanos(r.datetime, at) < distanceNanos(best.datetime, at)) best = r
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
    const e = this.entries[this.at(m)] as FileIndexEntry
    return { ...(e.status != null ? { status: e.status } : {}), ...(e.mime != null ? { mime: e.mime } : {}) }
  }

  async captured (m: MementoRef): Promise<string> {
    return (this.entries[this.at(m)] as FileIndexEntry).uri
  }

  async open (m: MementoRef, signal?: AbortSignal): Promise<OpenedMemento> {
    const entry = this.entries[this.at(m)] as FileIndexEntry
    const record = await readIndexedRecord(this.blocks, this.file, entry, signal)
    const overlay = new PayloadOverlay(this.blocks)
    let exchange
    if (record.type === 'revisit' && record.http != null && record.http.status !== 304 && entry.digest?.toUpperCase() === EMPTY_SHA1) {
      // a revisit of an empty payload with its own head needs no original (docs/iparo-format.md, section 4)
      exchange = { status: record.http.status, reason: record.http.reason, headers: record.http.headers }
    } else if (record.type === 'revisit') {
      const original = await resolveRevisit(record, entry, this.entries, this.lookup, async e => this.read(e, signal))
      // the revisit's own head, unless it has none or says only "not modified" (docs/iparo-format.md, section 4)
      const head: FileRecord = record.http == null || record.http.status === 304 ? original : record
      exchange = await recordExchange(head, overlay, original)
    } else {
      exchange = await recordExchange(record, overlay)
    }
    return { uri: entry.uri, exchange, blocks: overlay, alternate: { uri: `ipfs://${this.file.cid.toString()}`, type: this.file.header.type === 'wacz' ? 'application/wacz' : 'application/warc' } }
  }

  private async read (e: FileIndexEntry, signal?: AbortSignal): Promise<FileRecord> {
    return readIndexedRecord(this.blocks, this.file, e, signal)
  }

  /**
   * The archived Location resolved against the captured URL, at this capture's datetime. Unlike the
   * URL map's redirects, a self-redirect (same SURT) is not searched around (left out; docs).
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
