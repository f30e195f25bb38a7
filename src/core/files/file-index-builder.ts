import { toDigits } from '../datetime.ts'
import { surt } from '../surt.ts'
import type { WarcRecord } from '../warc/index.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import { fileRecordOf, mimeOf, type FileRecord } from './file-record.ts'

/** Where a record lies in the file: the record itself, or (.warc.gz) the gzip member holding it. */
export interface RecordLocation {
  offset: number
  length: number
}

/** The index key of a capture: SURT (key scheme 2), a space, the datetime's digits (sorts in time order). */
export const indexKey = (uri: string, datetime: string): string => `${surt(uri)} ${toDigits(datetime)}`

const REPLAYABLE = new Set(['response', 'resource', 'revisit'])
const WEB = /^(https?|ftp|file):/i

/**
 * Collects the index entries of a file's records, in any order. Captures a request record says were
 * not GETs are left out at the end (the index keys GETs only; docs/whole-file-iparos.md).
 */
export class FileIndexBuilder {
  private readonly found: Array<FileIndexEntry & { id?: string }> = []
  private readonly notGet = new Set<string>()
  /** records read, and those left out by reason */
  records = 0
  readonly skipped: Record<string, number> = {}
  firstDatetime: string | undefined = undefined

  /** Adds a record whose whole content is `content`. */
  add (record: WarcRecord, content: Uint8Array, at: RecordLocation): void {
    this.records++
    const r = fileRecordOf(record, content)
    this.firstDatetime ??= r.datetime
    if (r.type === 'request') {
      this.noteRequest(r)
      return this.skip('request')
    }
    if (!REPLAYABLE.has(r.type)) return this.skip(r.type === '' ? 'no type' : r.type)
    if (!WEB.test(r.uri)) return this.skip('not a web URL')
    if (r.datetime == null) return this.skip('bad date')
    if (r.type === 'response' && r.http == null) return this.skip('no HTTP head')
    const entry: FileIndexEntry & { id?: string } = {
      key: indexKey(r.uri, r.datetime), uri: r.uri, datetime: r.datetime, offset: at.offset, length: at.length, type: r.type as FileIndexEntry['type']
    }
    if (r.http != null) entry.status = r.http.status
    const mime = mimeOf(r.type === 'resource' ? r.headers.get('Content-Type') : r.http?.headers.get('content-type') ?? undefined)
    if (mime != null) entry.mime = mime
    const digest = r.headers.get('WARC-Payload-Digest')?.trim()
    if (digest != null && digest !== '') entry.digest = digest
    if (r.type === 'revisit') {
      const uri = r.headers.get('WARC-Refers-To-Target-URI')?.trim()
      const date = r.headers.get('WARC-Refers-To-Date')?.trim()
      if (uri != null) entry.refersToUri = uri.replace(/^<(.*)>$/, '$1')
      if (date != null) entry.refersToDate = date
    }
    if (r.id != null) entry.id = r.id
    this.found.push(entry)
  }

  /** The entries to index: every replayable capture but those made with another method than GET. */
  entries (): FileIndexEntry[] {
    const out: FileIndexEntry[] = []
    for (const { id, ...entry } of this.found) {
      if (id != null && this.notGet.has(id)) this.skip('not a GET')
      else out.push(entry)
    }
    return out
  }

  /** A request record names its response with WARC-Concurrent-To: a non-GET one keeps that response out. */
  private noteRequest (r: FileRecord): void {
    const method = /^([A-Z]+) /.exec(new TextDecoder('latin1').decode(r.content.subarray(0, 16)))?.[1]
    if (method == null || method === 'GET') return
    for (const id of r.headers.getAll('WARC-Concurrent-To')) this.notGet.add(id.trim())
  }

  private skip (reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1
  }
}
