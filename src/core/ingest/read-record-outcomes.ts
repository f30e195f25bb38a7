import { importKubo } from '../iparo/kubo-import.ts'
import { readWarcRecords, type WarcProblem } from '../warc/index.ts'
import { responseHead } from './build-memento.ts'
import type { CaptureContext } from './capture.ts'
import { recordToCapture, type RecordOutcome } from './record-to-capture.ts'

/** One record read and turned into what the ingest keeps, with where it was and what was wrong with it. */
export interface RecordItem {
  kind: 'record'
  /** the record's offset in the decompressed stream */
  offset: number
  /** the offset just after its content */
  end: number
  recordId?: string
  uri?: string
  outcome: RecordOutcome
  /** the record's own warnings (its errors are yielded as problem items) */
  warnings: WarcProblem[]
}

/** What a WARC stream becomes: its records and the problems found between them. */
export type WarcItem = RecordItem | WarcProblem

/** Pages a WACZ names (pages/pages.jsonl): the URL map marks them as pages, with their titles. */
export interface PagesItem {
  kind: 'pages'
  file: string
  pages: Array<{ url: string, ts?: string, title?: string }>
}

/** A WACZ read to its end: its pages, and whether its signature holds (src/core/formats/wacz). */
export interface WaczItem {
  kind: 'wacz'
  file: string
  pages: number
  signature: 'valid' | 'invalid' | 'absent'
  signer?: string
}

/** The items that follow come from this file (a WARC inside a WACZ: `x.wacz#archive/data.warc.gz`), until the next. */
export interface SourceItem {
  kind: 'source'
  file: string
}

export type IngestItem = WarcItem | PagesItem | WaczItem | SourceItem

/**
 * A WARC stream as ingest items: every record's pieces are in `ctx.sink` before its item is yielded.
 * The part of an ingest that needs nothing but the bytes, so an edge may run it off the main thread.
 */
export async function * readRecordOutcomes (source: AsyncIterable<Uint8Array>, ctx: CaptureContext): AsyncGenerator<WarcItem> {
  for await (const event of readWarcRecords(source)) {
    if (event.kind === 'problem') {
      yield event
      continue
    }
    const outcome = await recordToCapture(event, ctx)
    // A record skipped unread (warcinfo, metadata, dns: …) may be a streamed one, whose `end` settles
    // only once its body is read to the end: returning the body reads on to it (a no-op when read).
    await event.body[Symbol.asyncIterator]().return?.()
    const end = await event.end
    if (outcome.kind === 'capture' && outcome.capture.warc.type !== 'revisit') {
      // Built here, off the archive's critical path when this runs on its own thread.
      const c = outcome.capture
      c.head = await importKubo(responseHead(c, c.payload?.length ?? 0), ctx.sink)
    }
    const item: RecordItem = {
      kind: 'record',
      offset: event.offset,
      end: event.offset + event.headerLength + end.length,
      outcome,
      warnings: end.problems.filter(p => p.severity === 'warning')
    }
    // what the ingest found wrong in a record it kept (a request line naming no method) is reported as
    // the reader's warnings are: with the file, offset, record ID and URI
    if (outcome.kind === 'request' && outcome.problems != null) item.warnings.push(...outcome.problems)
    const recordId = event.headers.get('WARC-Record-ID')
    const uri = event.headers.get('WARC-Target-URI')
    if (recordId != null) item.recordId = recordId
    if (uri != null) item.uri = uri
    yield item
  }
}
