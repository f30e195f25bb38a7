import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import { compareDatetime } from '../datetime.ts'
import { ListedVersions } from '../replay/listed-versions.ts'
import type { OpenedMemento } from '../replay/url-versions.ts'
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
export class FileVersions extends ListedVersions {
  private readonly entries: FileIndexEntry[]

  constructor (private readonly blocks: BlockGetter, readonly file: OpenedFileIparo, entries: FileIndexEntry[], private readonly lookup: EntryLookup) {
    if (entries.length === 0) throw new Error('FileVersions needs an entry')
    const sorted = [...entries].sort((a, b) => compareDatetime(a.datetime, b.datetime) || a.offset - b.offset)
    super(sorted.map((e, seq) => ({ cid: `${file.cid.toString()}#${e.offset}`, datetime: e.datetime, seq })))
    this.entries = sorted
  }

  get url (): string {
    return (this.entries[0] as FileIndexEntry).uri
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
}
