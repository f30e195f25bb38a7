import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { verifyBlock, type BlockGetter } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { batchObjects, readIngestBatches, type IngestBatch } from '../archive/archive-root.ts'
import { ArchiveError, InvalidIparoError } from '../errors.ts'
import { decodeHeaderJson } from '../iparo/header-record.ts'
import { decodeIparoRoot, readIparo, type DecodedIparo } from '../iparo/iparo-root.ts'

/** Which mementos an export holds: every version, or one per URL (the latest, or the closest to `at`). */
export type ExportSelection = { kind: 'all' } | { kind: 'latest' } | { kind: 'at', at: Datetime }

/**
 * The archive's mementos in the order an export writes them. All versions: the order the archive
 * appended them, read from its ingest log (oldest batch first, each batch's objects in creation order),
 * so a re-ingest of the export appends each URL's versions in the same order (same `seq`, same links)
 * and meets every original before the revisits that share its payload. One per URL: URL-map order.
 * Streams: holds the CID of each ingest-log batch and one chunk of a batch's objects (≤ 1,024 CIDs).
 */
export async function * exportMementos (blocks: BlockGetter, rootCid: CID, selection: ExportSelection): AsyncGenerator<DecodedIparo> {
  const reader = await ArchiveReader.open(blocks, rootCid)
  if (selection.kind === 'all') {
    yield * loggedMementos(blocks, reader.root.log)
    return
  }
  const at = selection.kind === 'at' ? selection.at : undefined
  for await (const [, entry] of reader.urls.range()) {
    const found = await reader.resolve(entry, at)
    // an export that quietly left out a URL would look complete: a version that cannot be read is an error
    if (found.memento == null || !found.complete) throw new ArchiveError(`cannot choose the memento of ${entry.url} to export: ${found.unreachable.length} version(s) unreachable`)
    yield await reader.source.iparo(found.memento.cid)
  }
}

async function * loggedMementos (blocks: BlockGetter, log: CID | null): AsyncGenerator<DecodedIparo> {
  // The log links newest to oldest: the batch CIDs are listed first (one per batch, not its chunks),
  // then each batch is read again, oldest first.
  const batches: CID[] = []
  for await (const { cid } of readIngestBatches(blocks, log)) batches.push(cid)
  for (const cid of batches.reverse()) {
    for await (const object of batchObjects(blocks, await readBatch(blocks, cid))) {
      // the log also links TimeMap segments (dag-cbor): IPARO roots are its dag-pb objects
      if (object.code !== dagPb.code) continue
      const iparo = await readMemento(blocks, object)
      if (iparo != null) yield iparo
    }
  }
}

async function readBatch (blocks: BlockGetter, cid: CID): Promise<IngestBatch> {
  for await (const { batch } of readIngestBatches(blocks, cid)) return batch
  throw new ArchiveError(`${cid.toString()} is not an ingest batch`)
}

/** A memento IPARO, or undefined for an IPARO of another type (IPMT); anything else unreadable is an error. */
async function readMemento (blocks: BlockGetter, cid: CID): Promise<DecodedIparo | undefined> {
  try {
    return await readIparo(blocks, cid)
  } catch (err) {
    if (!(err instanceof InvalidIparoError)) throw err
    let type: unknown
    try {
      // read again to learn its type (IPMT), and verified again: every read is
      const { headerRecord } = decodeIparoRoot(cid, await verifyBlock(cid, await blocks.get(cid)))
      type = (decodeHeaderJson(headerRecord) as { type?: unknown }).type
    } catch {
      throw err
    }
    if (typeof type === 'string' && type !== 'memento') return undefined
    throw err
  }
}
