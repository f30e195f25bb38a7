import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { harToWarc } from '../../core/formats/har/har-to-warc.ts'
import type { CaptureContext } from '../../core/ingest/capture.ts'
import { readRecordOutcomes, type IngestItem, type RecordItem, type WarcItem } from '../../core/ingest/read-record-outcomes.ts'
import type { WarcProblem } from '../../core/warc/index.ts'
import type { WarcFileSource } from '../warc-file-source.ts'
import type { OpenedInput } from './warc-file-items.ts'

const inflate = promisify(gunzip)
/** A HAR is JSON, parsed whole: no longer than the longest string V8 makes (2^29 - 24 UTF-16 units). */
export const MAX_HAR_BYTES = 512 << 20

const problem = (code: string, message: string): WarcProblem => ({ kind: 'problem', severity: 'error', code, offset: 0, message })

/**
 * A HAR file (plain or gzipped) as ingest items: each entry converted to a request and a response
 * record (src/core/formats/har), read by the WARC ingest, so everything after (dedup, pairing,
 * redaction, titles) is shared. An entry that makes no memento (no response, no body kept) is a
 * skipped record with its reason. The offset a report shows for a HAR is the entry's index in
 * `log.entries`.
 */
export async function * harFileItems (path: string, ctx: CaptureContext, gzipped: boolean, onOpen?: (source: OpenedInput) => void): AsyncGenerator<IngestItem> {
  const parsed = await readHar(path, gzipped)
  if (parsed.kind === 'problem') {
    yield parsed
    return
  }
  const starts: number[] = []
  const parts: Uint8Array[] = []
  let length = 0
  let index = -1
  try {
    for (const outcome of harToWarc(parsed.har, ctx.hashers)) {
      index++
      if (outcome.kind === 'skip') {
        const item: RecordItem = { kind: 'record', offset: index, end: parsed.size, outcome: { kind: 'skip', reason: outcome.reason }, warnings: [] }
        if (outcome.uri != null) item.uri = outcome.uri
        yield item
        continue
      }
      starts.push(length, index)
      parts.push(outcome.bytes)
      length += outcome.bytes.byteLength
    }
  } catch (err) {
    yield problem('not-a-har', `${(err as Error).message}`)
    return
  }
  onOpen?.(harSource(parsed.size, gzipped, parts))
  for await (const item of readRecordOutcomes(each(parts), ctx)) yield atEntry(item, starts, parsed.size)
}

/** The file's JSON, or the problem that keeps it from being read. */
async function readHar (path: string, gzipped: boolean): Promise<{ kind: 'har', har: unknown, size: number } | WarcProblem> {
  let bytes: Uint8Array = await readFile(path)
  const size = bytes.byteLength
  try {
    if (gzipped) bytes = await inflate(bytes, { maxOutputLength: MAX_HAR_BYTES + 1 })
  } catch (err) {
    return problem('not-a-har', `the gzipped HAR does not inflate (${(err as Error).message})${/RangeError|buffer/i.test(String(err)) ? `: over ${MAX_HAR_BYTES} bytes, the largest HAR that can be read` : ''}`)
  }
  if (bytes.byteLength > MAX_HAR_BYTES) return problem('har-too-large', `the HAR is ${bytes.byteLength} bytes, over ${MAX_HAR_BYTES}, the largest that can be read (HAR is JSON, parsed whole): split it, or record a WARC instead`)
  try {
    return { kind: 'har', har: JSON.parse(new TextDecoder().decode(bytes)) as unknown, size }
  } catch (err) {
    return problem('not-a-har', `the file looks like a HAR but is not valid JSON (${(err as Error).message})`)
  }
}

/** What the progress report reads of a file read whole. */
function harSource (size: number, gzipped: boolean, parts: Uint8Array[]): WarcFileSource {
  return { chunks: each(parts), fileBytesRead: size, size, gzipped, locate: async (at) => ({ at, within: 0 }), close: async () => {} }
}

/**
 * The item with the offsets it reports made entry indexes (`starts`: per entry, the record stream's
 * offset of its records, then its index), and its end the file's size (a HAR is read whole).
 */
function atEntry (item: WarcItem, starts: number[], size: number): WarcItem {
  const entry = (offset: number): number => {
    let lo = 0
    let hi = starts.length / 2 - 1
    let found = 0
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((starts[mid * 2] ?? Infinity) <= offset) {
        found = starts[mid * 2 + 1] ?? found
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    return found
  }
  if (item.kind === 'problem') return { ...item, offset: entry(item.offset) }
  const mapped: RecordItem = { ...item, offset: entry(item.offset), end: size, warnings: item.warnings.map(w => ({ ...w, offset: entry(w.offset) })) }
  if (item.outcome.kind === 'capture') item.outcome.capture.offset = mapped.offset
  return mapped
}

async function * each (parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield * parts
}
