import type { CID } from 'multiformats/cid'
import type { BlockStore } from '../blocks.ts'
import { fromEpochMs } from '../datetime.ts'
import type { HasherFactory } from '../iparo/digests.ts'
import { DedupSink } from '../ingest/dedup-sink.ts'
import type { IngestItem } from '../ingest/read-record-outcomes.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { IngestRun, type IngestProgress, type IngestRunOptions, type IngestSummary } from '../ingest/ingest-run.ts'
import type { Namespacing } from '../namespace/namespacing.ts'
import type { SummaryListOptions } from '../ingest/summary-lists.ts'
import type { ArchiveRoot, Manifest } from './archive-root.ts'
import { ArchiveWriter } from './archive-writer.ts'

/** A WARC to ingest: its decompressed bytes, or its records already read elsewhere (e.g. another thread). */
export type IngestSource =
  | { name: string, open: () => AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>> }
  /** items whose pieces are put into `sink` before each item is yielded */
  | { name: string, items: (sink: BlockSink) => AsyncIterable<IngestItem> }

export interface ArchiveIngestOptions {
  store: BlockStore
  /** the archive as it is now, or the manifest of a new one */
  from: { root: ArchiveRoot } | { manifest: Manifest }
  sources: IngestSource[]
  hashers: HasherFactory
  keepSecrets?: boolean
  batchSize?: number
  onProgress?: (progress: IngestProgress) => void
  now?: () => number
  /** the CID namespace the run's memento IPAROs are ground into (its layout is `from`'s manifest's) */
  namespacing?: Namespacing
  /** how much of the summary's growing lists is kept in memory, and where the rest goes */
  lists?: SummaryListOptions
  /** what the run holds in memory at most (RUN_LIMITS by default) */
  limits?: IngestRunOptions['limits']
  /** URL entries kept in memory before they are written into the URL map (default ENTRIES_KEPT) */
  entriesKept?: number
}

export interface ArchiveIngestResult {
  summary: IngestSummary
  rootCid: CID
  root: ArchiveRoot
}

/**
 * One ingest run into one archive. Every block has landed in the store when this returns, so the
 * caller may then point the archive's name (IPNS, local registry) at `rootCid`.
 */
export async function ingestIntoArchive (options: ArchiveIngestOptions): Promise<ArchiveIngestResult> {
  const sink = new DedupSink(options.store)
  const writer = await ArchiveWriter.open(sink, options.from, undefined, undefined, options.entriesKept)
  const run = new IngestRun({ sink, hashers: options.hashers, writer, keepSecrets: options.keepSecrets, batchSize: options.batchSize, onProgress: options.onProgress, namespacing: options.namespacing, lists: options.lists, limits: options.limits })
  for (const source of options.sources) {
    if ('items' in source) await run.addItems(source.items(sink), source.name)
    else await run.addWarc(await source.open(), source.name)
  }
  const summary = await run.finish()
  const { cid, root } = await writer.commit(options.sources.map(s => s.name), fromEpochMs((options.now ?? Date.now)()))
  await sink.drain()
  Object.assign(summary, { newBlocks: sink.stats.newBlocks, newBytes: sink.stats.newBytes, dedupBlocks: sink.stats.dedupBlocks, dedupBytes: sink.stats.dedupBytes })
  return { summary, rootCid: cid, root }
}
