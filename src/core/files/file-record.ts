import { parseWarcDate, type Datetime } from '../datetime.ts'
import { InvalidIparoError } from '../errors.ts'
import { parseHttpHead, type HttpResponseHead } from '../http/index.ts'
import { readWarcRecords, type WarcRecord } from '../warc/index.ts'

/** What replay and indexing need of one WARC record of a file. */
export interface FileRecord {
  type: string
  id?: string
  uri: string
  /** undefined when WARC-Date is missing or unreadable */
  datetime?: Datetime
  headers: WarcRecord['headers']
  /** the record's content (its block) */
  content: Uint8Array
  /** the HTTP response head, for response and revisit records that have one */
  http?: HttpResponseHead
}

export const targetUriOf = (record: { headers: WarcRecord['headers'] }): string =>
  (record.headers.get('WARC-Target-URI') ?? '').trim().replace(/^<(.*)>$/, '$1')

export function mimeOf (contentType: string | undefined): string | undefined {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase()
  return mime === '' ? undefined : mime
}

/** A record's fields, given its whole content. */
export function fileRecordOf (record: WarcRecord, content: Uint8Array): FileRecord {
  const type = (record.headers.get('WARC-Type') ?? '').trim().toLowerCase()
  let datetime: Datetime | undefined
  try {
    datetime = parseWarcDate(record.headers.get('WARC-Date') ?? '')
  } catch {
    datetime = undefined
  }
  const http = type === 'response' || type === 'revisit' ? parseHttpHead(content, 'response', { atEnd: true }) ?? undefined : undefined
  return { type, id: record.headers.get('WARC-Record-ID')?.trim(), uri: targetUriOf(record), datetime, headers: record.headers, content, http }
}

/**
 * The one WARC record `bytes` hold (a record read back from a file IPARO's range, already inflated).
 * Bytes that are not exactly one readable record are an InvalidIparoError: the index pointed wrong.
 */
export async function parseOneRecord (bytes: Uint8Array, where: string): Promise<FileRecord> {
  let found: FileRecord | undefined
  async function * once (): AsyncGenerator<Uint8Array> { yield bytes }
  for await (const event of readWarcRecords(once(), { bufferLimit: bytes.byteLength + 1 })) {
    if (event.kind === 'problem') {
      if (event.severity === 'error') throw new InvalidIparoError(`${where}: the bytes the index names are not a WARC record (${event.code}: ${event.message})`)
      continue
    }
    if (found != null) throw new InvalidIparoError(`${where}: the bytes the index names hold more than one record`)
    const content = event.content ?? new Uint8Array(0)
    found = fileRecordOf(event, content.slice())
  }
  if (found == null) throw new InvalidIparoError(`${where}: the bytes the index names hold no WARC record`)
  return found
}
