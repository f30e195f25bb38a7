import { InvalidInputError } from '../errors.ts'
import { ByteQueue } from './byte-queue.ts'
import { MAX_GAP, peekHeaderBlock, scanStep } from './boundary.ts'
import { magicAt, parseWarcHeaderBlock, type HeaderBlock } from './header-block.ts'
import { concat, readContent } from './read-content.ts'
import type { ContentOutcome, ContentPlan } from './read-content.ts'
import { endProblems, problem, recordProblem, stopped, type RecordStart } from './record-problems.ts'
import { once, streamBody } from './stream-body.ts'
import type { WarcHeaders } from './warc-headers.ts'
import type { ReadWarcOptions, RecordEnd, WarcEvent, WarcProblem, WarcRecord } from './warc-types.ts'

const LF = 0x0a
const CR = 0x0d
const MiB = 1024 * 1024

type ReadableHead = Extract<HeaderBlock, { status: 'ok' }>
type UnreadableHead = Exclude<HeaderBlock, { status: 'ok' }>

/**
 * Reads WARC records from decompressed bytes, in file order, tolerating what real archives
 * contain (see docs in warc-types.ts for the problem codes):
 *
 * - Line endings `\r\n`, `\n` or `\r\r\n` in header blocks; any run of line endings between records.
 * - A declared end is trusted when line endings then `WARC/<digit>`, or the end of input,
 *   follow it. Otherwise Content-Length lied:
 *   - a record boundary inside the declared content (separator, `WARC/<digit>`, a header block
 *     with WARC-Type or WARC-Record-ID) means it overran: a buffered record is cut there
 *     (warning), a streamed one is an error and reading resumes there;
 *   - a blank line right at the declared end means the record is fine and garbage follows (error);
 *   - else it was short: the record runs to the next line starting a record boundary (or the
 *     end of input), less exactly one separator (`\r\n\r\n` or `\n\n`); further blank lines
 *     before it stay in the content (warning).
 * - The input ending inside the declared content: if what was read ends with a blank line (and
 *   holds a complete HTTP head for application/http), the record ends there less the separator
 *   (warning); else it is truncated (error).
 * - Missing, negative or non-numeric Content-Length: the end is found by scanning (warning).
 * - Garbage or a bad header block: an error, then reading resumes at the next boundary.
 * - A `WARC/` inside content whose declared end is confirmed is content (WARC files in payloads).
 *   Line endings right after the declared end also confirm it: an overrun of 1–4 bytes that ends
 *   inside the separator keeps those line endings as content.
 *
 * Records up to `bufferLimit` are read whole before they are yielded, so they come out final
 * (with `content`, `end` settled, `ok` true); a record whose end must be found by scanning
 * switches to streaming if it grows past the limit. Larger records stream: their body is passed
 * on as it arrives, so a problem found at their end (truncated, overrunning into the next
 * record) makes `end.ok` false and is then also yielded as an error. To resume at an inner
 * boundary, a streamed record keeps up to `resyncLimit` bytes from the first line that starts
 * with `WARC/`; if the real boundary lies further back, the records between it and the
 * declared end are lost (the error says so) and reading resumes at the declared end.
 *
 * Never throws for bad data. If the source throws, the reader yields everything before that
 * point, then a final `source-failed` error (cause attached) and returns normally, so that a
 * consumer keeps what was read. A `SourceGap` from the source (bytes it lost, e.g. a damaged gzip
 * member, after which it went on) ends the input as far as the record being read goes: that record
 * is lost unless it ended right before the gap's unverified bytes; the gap is yielded as an error
 * of its own code, and reading resumes after it.
 */
export async function * readWarcRecords (source: AsyncIterable<Uint8Array>, options: ReadWarcOptions = {}): AsyncGenerator<WarcEvent, void, undefined> {
  const { bufferLimit, resyncLimit, maxHeaderLength } = readerLimits(options)
  const q = new ByteQueue(source[Symbol.asyncIterator]())
  let current: RecordStart | undefined
  try {
    for (;;) {
      for (;;) {
        current = undefined
        const whole = wholeRecordInFront(q, bufferLimit, maxHeaderLength)
        if (whole != null) {
          yield whole
          continue
        }
        if (!await skipLineEndings(q)) break
        const offset = q.offset
        const head = await peekHeaderBlock(q, 0, maxHeaderLength)
        if (head.status !== 'ok') {
          const skipped = await skipUnreadable(q, head, offset, maxHeaderLength)
          if (skipped != null) yield skipped
          if (head.status === 'incomplete') break
          continue
        }
        current = takeHeaderBlock(q, offset, head)
        const plan = contentPlan(current, bufferLimit, maxHeaderLength, resyncLimit)
        const outcome: ContentOutcome = {}
        const content = readContent(q, plan, outcome)

        // Buffer small records whole: they are yielded only once their end is certain.
        const pieces: Uint8Array[] = []
        let size = 0
        let finished = false
        if (plan.buffered) {
          for (;;) {
            const r = await content.next()
            if (r.done === true) { finished = true; break }
            pieces.push(r.value)
            size += r.value.length
            if (size > bufferLimit) break
          }
        }
        if (finished) {
          if (outcome.sourceFailed !== true && outcome.error == null) yield bufferedRecord(current, concat(pieces, size), size, outcome)
        } else {
          const streamed = streamBody(pieces, content, settleStreamed(current, outcome))
          yield streamedRecord(current, streamed.body, streamed.end)
          await streamed.drain()
        }
        if (outcome.sourceFailed === true) break
        if (outcome.error != null) yield recordProblem('error', outcome.error.code, offset, head.headers, outcome.error.message)
      }

      if (q.failure == null) break
      yield stopped(q, current)
      // after a gap (a damaged gzip member), read on as from the start of a file
      if (!q.resume()) break
    }
  } finally {
    await q.close()
  }
}

// The steps of readWarcRecords that wait for bytes stay in its loop (an async function of their own
// would cost a promise per record, a generator several); the others are plain functions below, and
// the only closure, a streamed record's settle, is made by one of them, for streamed records alone
// (one inside the loop would put its variables in a context allocated for every record).

/**
 * Reports a header block that cannot be read, having consumed it: the input ends inside it
 * (undefined when the source failed there, which the caller reports as such), or it is damaged or
 * not one at all, and the bytes up to the next record boundary are skipped.
 */
async function skipUnreadable (q: ByteQueue, head: UnreadableHead, offset: number, maxHeaderLength: number): Promise<WarcProblem | undefined> {
  const first = await q.peek(6)
  const looksLikeRecord = magicAt(first, 0) === 'yes'
  if (head.status === 'incomplete') {
    // the input ends inside a header block
    q.consume(q.available)
    if (q.failure != null) return undefined
    return problem('error', 'truncated', offset, `the input ends inside a record's header block (${q.offset - offset} bytes)`)
  }
  if (looksLikeRecord) q.consume(1)
  await skipToBoundary(q, maxHeaderLength)
  const skipped = q.offset - offset
  return looksLikeRecord
    ? problem('error', 'bad-header', offset, `unreadable WARC header block (${head.reason}); skipped ${skipped} bytes`)
    : problem('error', 'garbage', offset, `${skipped} bytes that are not a WARC record`)
}

/** Consumes a record's header block: the record starts, with what its header block says. */
function takeHeaderBlock (q: ByteQueue, offset: number, head: ReadableHead): RecordStart {
  q.consume(head.length)
  return {
    offset, version: head.version, headers: head.headers, headerLength: head.length, declaredLength: parseLength(head.headers.get('Content-Length')),
    problems: head.malformedLines > 0
      ? [recordProblem('warning', 'bad-header-line', offset, head.headers, `${head.malformedLines} header lines without a colon ignored`)]
      : []
  }
}

function contentPlan (start: RecordStart, bufferLimit: number, maxHeaderLength: number, resyncLimit: number): ContentPlan {
  const declaredLength = start.declaredLength
  const declared = Number.isSafeInteger(declaredLength) && declaredLength >= 0 ? declaredLength : NaN
  return {
    declared,
    buffered: !(declared > bufferLimit),
    http: httpKind(start.headers),
    maxHeaderLength,
    resyncLimit
  }
}

function bufferedRecord (start: RecordStart, bytes: Uint8Array, size: number, outcome: ContentOutcome): WarcRecord {
  const end: RecordEnd = { length: size, problems: endProblems(start, outcome, size), ok: true }
  return {
    kind: 'record', offset: start.offset, version: start.version, headers: start.headers, headerLength: start.headerLength,
    declaredLength: start.declaredLength, content: bytes, body: once(bytes), end: Promise.resolve(end)
  } satisfies WarcRecord
}

/** How a streamed record's end is settled once its content has been read to the end. */
function settleStreamed (start: RecordStart, outcome: ContentOutcome): (length: number) => RecordEnd {
  return (length) => ({
    length,
    problems: endProblems(start, outcome, length),
    ok: outcome.error == null && outcome.sourceFailed !== true
  })
}

function streamedRecord (start: RecordStart, body: AsyncIterable<Uint8Array>, end: Promise<RecordEnd>): WarcRecord {
  return {
    kind: 'record', offset: start.offset, version: start.version, headers: start.headers, headerLength: start.headerLength,
    declaredLength: start.declaredLength, body, end
  } satisfies WarcRecord
}

/**
 * The common case without suspending: line endings, then a record whose header block, whole content
 * (within `bufferLimit`) and the line endings and `WARC/<digit>` after its declared end all lie in the
 * first buffered chunk. The bytes then confirm the declared length exactly as `checkDeclaredEnd` would
 * ('boundary'), so the record is what the general path below yields, minus its awaits (about a
 * dozen promises and generator steps per record). Anything else (a chunk edge, a length to check
 * further, the end of input, a bad header block) returns undefined, having consumed only line
 * endings, and the general path reads the record.
 */
function wholeRecordInFront (q: ByteQueue, bufferLimit: number, maxHeaderLength: number): WarcRecord | undefined {
  const c = q.front()
  if (c == null) return undefined
  let at = 0
  while (at < c.length && (c[at] === CR || c[at] === LF)) at++
  if (at === c.length) return undefined
  q.consume(at)
  const head = parseWarcHeaderBlock(c, at, maxHeaderLength)
  if (head.status !== 'ok') return undefined
  const declaredLength = parseLength(head.headers.get('Content-Length'))
  if (!Number.isSafeInteger(declaredLength) || declaredLength < 0 || declaredLength > bufferLimit) return undefined
  const contentEnd = at + head.length + declaredLength
  let next = contentEnd
  while (next < c.length && (c[next] === CR || c[next] === LF)) next++
  if (next - contentEnd > MAX_GAP || magicAt(c, next) !== 'yes') return undefined
  const offset = q.offset
  q.consume(head.length)
  const content = q.take(declaredLength)
  const problems = head.malformedLines > 0
    ? [recordProblem('warning', 'bad-header-line', offset, head.headers, `${head.malformedLines} header lines without a colon ignored`)]
    : []
  return {
    kind: 'record', offset, version: head.version, headers: head.headers, headerLength: head.length,
    declaredLength, content, body: once(content), end: Promise.resolve({ length: declaredLength, problems, ok: true })
  }
}

/** Skips line endings between records; false at the end of input. */
async function skipLineEndings (q: ByteQueue): Promise<boolean> {
  for (;;) {
    if (q.available === 0 && !await q.pull()) return false
    const c = q.front()
    if (c == null) return false
    let i = 0
    while (i < c.length && (c[i] === CR || c[i] === LF)) i++
    q.consume(i)
    if (i < c.length) return true
  }
}

/**
 * Consumes bytes up to the next record boundary (or the end of input): bytes that are no record, so a
 * record header glued to them without a line ending still counts (real damage rarely ends at one).
 */
async function skipToBoundary (q: ByteQueue, maxHeaderLength: number): Promise<void> {
  for (;;) {
    const step = await scanStep(q, maxHeaderLength, true)
    if (step.kind === 'eof') return
    if (step.kind === 'boundary') {
      q.consume(step.at)
      return
    }
    q.consume(step.length)
  }
}

function parseLength (value: string | undefined): number {
  return value != null && /^-?\d+$/.test(value) ? Number(value) : NaN
}

function httpKind (headers: WarcHeaders): 'request' | 'response' | undefined {
  const type = headers.get('Content-Type') ?? ''
  if (!/^application\/http\b/i.test(type)) return undefined
  const msgtype = /msgtype\s*=\s*"?(request|response)/i.exec(type)?.[1]?.toLowerCase()
  if (msgtype === 'request' || msgtype === 'response') return msgtype
  return headers.get('WARC-Type')?.toLowerCase() === 'request' ? 'request' : 'response'
}

function readerLimits (options: ReadWarcOptions): { bufferLimit: number, resyncLimit: number, maxHeaderLength: number } {
  return {
    bufferLimit: positive(options.bufferLimit ?? 4 * MiB, 'bufferLimit'),
    resyncLimit: positive(options.resyncLimit ?? 16 * MiB, 'resyncLimit'),
    maxHeaderLength: positive(options.maxHeaderLength ?? 256 * 1024, 'maxHeaderLength')
  }
}

function positive (n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidInputError(`${name} must be a positive integer, not ${n}`)
  return n
}
