import type { CID } from 'multiformats/cid'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { BATCH_CHUNK, putCbor, type IngestBatch } from './archive-root.ts'

/**
 * One ingest batch's object list, written as it grows: each full chunk goes to the store at once, so a
 * run of any size holds at most one chunk of CIDs in memory. The blocks are those `writeBatch` writes
 * for the same objects; until `finish` links them from a batch node they are unreferenced, as the
 * objects themselves are until the root is published.
 */
export class BatchLogWriter {
  private pending: CID[] = []
  private readonly chunks: CID[] = []
  /** objects added so far */
  count = 0

  constructor (private readonly sink: BlockSink) {}

  async add (cid: CID): Promise<void> {
    this.pending.push(cid)
    this.count++
    if (this.pending.length >= BATCH_CHUNK) await this.writeChunk()
  }

  /** Writes the last chunk and the batch node linking every chunk. */
  async finish (batch: Omit<IngestBatch, 'chunks'>): Promise<CID> {
    if (this.pending.length > 0) await this.writeChunk()
    return putCbor(this.sink, { ...batch, chunks: this.chunks })
  }

  private async writeChunk (): Promise<void> {
    const objects = this.pending
    this.pending = []
    this.chunks.push(await putCbor(this.sink, { objects }))
  }
}
