import type { ListName, SummaryListOptions } from './summary-lists.ts'
import type { BuiltIparo } from '../iparo/iparo-root.ts'
import type { PageMark, WaczReport } from '../formats/wacz/wacz-pages.ts'
import type { ChainPlace } from './build-memento.ts'
import type { Capture, ProblemReport, StoredPiece } from './capture.ts'
import type { DedupSink } from './dedup-sink.ts'
import type { HasherFactory } from '../iparo/digests.ts'
import type { Namespacing } from '../namespace/namespacing.ts'

/** What a revisit needs of its original: the payload to share and the head to fall back on. */
export interface OriginalRef {
  iparo?: string
  payload: StoredPiece
  http?: { status: number, head: Uint8Array }
  mime?: string
  title?: string
  computed?: string
}

export interface AppendResult {
  created: Array<{ cid: string, capture: Capture }>
  /** captures already in the archive (same record, same bytes): nothing new was made */
  duplicates: number
}

/** The archive side of an ingest: version chains, URL map, earlier runs' originals. */
export interface MementoWriter {
  append (captures: Capture[], build: (capture: Capture, place: ChainPlace) => Promise<BuiltIparo>): Promise<AppendResult>
  /** `uri`: the URL the key was made from (archives of key scheme 1 may hold it under its older key) */
  findOriginal (query: { key: string, uri?: string, digests: string[], recordId?: string }): Promise<OriginalRef | undefined>
  /**
   * Marks URLs as pages, with the titles a crawl recorded (they win over the HTML's), once every
   * capture is appended; returns the pages whose URL has no memento (they are not marked).
   */
  markPages?: (pages: PageMark[]) => Promise<PageMark[]>
}

export interface IngestProgress {
  file: string
  records: number
  /** decompressed bytes read in this file */
  offset: number
}

export interface IngestRunOptions {
  /** the run's block writer, shared with the archive writer so both count toward the summary */
  sink: DedupSink
  hashers: HasherFactory
  writer: MementoWriter
  keepSecrets?: boolean
  /**
   * captures per append batch (default 64): every capture waits in memory for its batch, so a small
   * batch keeps them from outliving young-generation collections (on the bench crawl, 2,000 cost ~5% of
   * an ingest in GC; 64 copies a fifth fewer bytes in scavenges than 256)
   */
  batchSize?: number
  onProgress?: (progress: IngestProgress) => void
  /** the archive's CID namespace layout and the grinder the edge provides (docs/namespacing.md) */
  namespacing?: Namespacing
  /** how much of the summary's growing lists is kept in memory, and where the rest goes */
  lists?: SummaryListOptions
  /** what the run holds in memory at most (defaults in ingest-run.ts; smaller ones in tests) */
  limits?: Partial<RunLimits>
}

export interface RunLimits {
  /** keys of originals remembered for in-run revisits */
  originals: number
  /** revisits waiting for an original later in the run */
  deferred: number
  /** WACZ pages waiting to be marked */
  pages: number
}

export interface IngestSummary {
  files: number
  records: number
  mementos: number
  duplicates: number
  revisits: { resolved: number, unresolved: Array<{ uri: string, datetime: string, refersTo?: string }> }
  skipped: number
  skippedByReason: Record<string, number>
  warnings: ProblemReport[]
  errors: ProblemReport[]
  newBlocks: number
  newBytes: number
  dedupBlocks: number
  dedupBytes: number
  /** decompressed WARC bytes read */
  bytes: number
  iparos: Array<{ cid: string, uri: string, datetime: string }>
  /** the WACZ files read: pages found, signature state */
  wacz: WaczReport[]
  /** items added to each growing list; the lists themselves may keep only their first ones (IngestRunOptions.lists) */
  listed: Record<ListName, number>
}

