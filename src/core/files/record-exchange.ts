import type { CID } from 'multiformats/cid'
import { MemoryBlockStore, blockKey, type BlockGetter, type BlockOptions } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import { HttpHeaders } from '../http/index.ts'
import { importKubo } from '../iparo/kubo-import.ts'
import type { ArchivedExchange } from '../replay/archived-exchange.ts'
import type { FileRecord } from './file-record.ts'

/**
 * Blocks of payloads read out of a file's records, over the archive's blocks. The replay body code
 * reads payloads as UnixFS files by CID; a record's payload is imported here as `memento` IPAROs
 * import theirs (Kubo defaults), so it has the CID normal ingest gives it, and its blocks are
 * computed from bytes already verified, never fetched.
 */
export class PayloadOverlay implements BlockGetter {
  private readonly local = new MemoryBlockStore()

  constructor (private readonly inner: BlockGetter) {}

  async get (cid: CID, options?: BlockOptions): Promise<Uint8Array> {
    const bytes = this.local.blocks.get(blockKey(cid))
    return bytes ?? this.inner.get(cid, options)
  }

  async add (payload: Uint8Array): Promise<{ cid: CID, length: number } | undefined> {
    if (payload.byteLength === 0) return undefined
    const piece = await importKubo(payload, this.local)
    return { cid: piece.cid, length: piece.length }
  }
}

/**
 * The exchange a response or resource record holds: the HTTP head as captured and its payload (for
 * a response), or a 200 with the WARC Content-Type (a resource). `head` replaces the record's own HTTP
 * head (a revisit replayed with its original's).
 */
export async function recordExchange (record: FileRecord, overlay: PayloadOverlay, payloadFrom: FileRecord = record): Promise<ArchivedExchange> {
  if (payloadFrom.type === 'resource') {
    const type = payloadFrom.headers.get('Content-Type')?.trim() ?? 'application/octet-stream'
    return { status: 200, reason: 'OK', headers: new HttpHeaders([['Content-Type', type]]), payload: await overlay.add(payloadFrom.content) }
  }
  const http = record.http ?? payloadFrom.http
  if (http == null || payloadFrom.http == null) throw new InvalidIparoError(`the ${record.type} record of ${record.uri} has no readable HTTP head`)
  const payload = await overlay.add(payloadFrom.content.subarray(payloadFrom.http.headLength))
  return { status: http.status, reason: http.reason, headers: http.headers, payload }
}
