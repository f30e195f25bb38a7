import type { ByteQueue } from './byte-queue.ts'
import { magicAt, parseWarcHeaderBlock } from './header-block.ts'
import type { HeaderBlock } from './header-block.ts'

const LF = 0x0a
const CR = 0x0d
const W = 0x57
// Whitespace between records beyond this is not a separator any more.
export const MAX_GAP = 64 * 1024

/** Parses the header block at queue position `at`, pulling and merging as much as it needs. */
export async function peekHeaderBlock (q: ByteQueue, at: number, maxLength: number): Promise<HeaderBlock> {
  let want = at + 2048
  for (;;) {
    await q.ensure(want)
    const c = q.contiguous(want)
    const r = parseWarcHeaderBlock(c, at, maxLength)
    if (r.status !== 'incomplete') return r
    if (q.done && c.length >= q.available) return r
    want = at + Math.max(2 * (c.length - at), 2048)
  }
}

export type DeclaredEnd = 'boundary' | 'eof' | 'separator' | 'invalid'

/**
 * What follows the declared end of a record, looking at a few bytes only: line endings then
 * `WARC/<digit>` ('boundary') or the end of input ('eof') confirm the length; a blank line then
 * anything else ('separator') means the record ended and garbage follows; anything else
 * ('invalid') means Content-Length lied.
 */
export async function checkDeclaredEnd (q: ByteQueue): Promise<DeclaredEnd> {
  let window = 16
  let i = 0
  let lineFeeds = 0
  for (;;) {
    const c = await q.peek(window)
    while (i < c.length) {
      const b = c[i]
      if (b !== CR && b !== LF) break
      if (b === LF) lineFeeds++
      i++
    }
    if (i < c.length || c.length < window || i >= MAX_GAP) break
    window *= 2
  }
  if (i > MAX_GAP) return 'invalid'
  const c = await q.peek(i + 6)
  if (c.length === i) return 'eof'
  if (magicAt(c, i) === 'yes') return 'boundary'
  return lineFeeds >= 2 ? 'separator' : 'invalid'
}

export type ScanStep =
  | { kind: 'eof' }
  | { kind: 'boundary', at: number }
  | { kind: 'clear', length: number }

/**
 * Looks for the next record boundary (a line starting with `WARC/<digit>` whose header block
 * parses) in the first buffered chunk. Returns where it is, or how many leading bytes surely
 * hold none; a candidate at the end of the chunk is decided by merging in the following bytes.
 * `anywhere`: a `WARC/<digit>` that does not start a line counts too, when its header block parses:
 * after garbage that does not end with a line ending, the record glued to it is still found.
 */
export async function scanStep (q: ByteQueue, maxHeaderLength: number, anywhere = false): Promise<ScanStep> {
  if (q.available === 0 && !await q.pull()) return { kind: 'eof' }
  let c = q.front() ?? new Uint8Array(0)
  const prev = q.prev
  let i = 0
  for (;;) {
    i = c.indexOf(W, i)
    if (i === -1) return { kind: 'clear', length: c.length }
    if (anywhere || (i === 0 ? prev : c[i - 1]) === LF) {
      if (c.length < i + 6) {
        await q.ensure(i + 6)
        c = q.contiguous(i + 6)
      }
      if (magicAt(c, i) === 'yes') {
        const r = await peekHeaderBlock(q, i, maxHeaderLength)
        c = q.front() ?? c
        if (r.status === 'ok') return { kind: 'boundary', at: i }
      }
    }
    i++
  }
}

/**
 * Start of the record separator that ends just before bytes[at]: a line feed, carriage
 * returns, a line feed (`\n\n`, `\r\n\r\n`, `\r\r\n\r\r\n` …), or -1 if there is none.
 */
export function separatorBefore (bytes: Uint8Array, at: number): number {
  let j = at - 1
  if (bytes[j] !== LF) return -1
  j--
  while (j >= 0 && bytes[j] === CR) j--
  if (j < 0 || bytes[j] !== LF) return -1
  return j > 0 && bytes[j - 1] === CR ? j - 1 : j
}

/** Length of the one record separator at the end of `bytes` (`\r\n\r\n`, `\n\n`, else a lone line ending). */
export function trailingSeparatorLength (bytes: Uint8Array): number {
  const n = bytes.length
  if (n >= 4 && bytes[n - 4] === CR && bytes[n - 3] === LF && bytes[n - 2] === CR && bytes[n - 1] === LF) return 4
  if (n >= 2 && bytes[n - 2] === LF && bytes[n - 1] === LF) return 2
  if (n >= 2 && bytes[n - 2] === CR && bytes[n - 1] === LF) return 2
  if (n >= 1 && bytes[n - 1] === LF) return 1
  return 0
}

/** Whether `bytes` ends with a full record separator (a blank line). */
export function endsWithSeparator (bytes: Uint8Array): boolean {
  const n = bytes.length
  return n >= 2 && bytes[n - 1] === LF && separatorBefore(bytes, n) !== -1
}

/**
 * The first record boundary inside `bytes` (a buffered record's content, or bytes retained
 * from a streamed one): a separator, then `WARC/<digit>` and a valid header block, which may
 * continue in the queue past the end of `bytes` (when `q` is given: the queue continues `bytes`).
 * Only used once the declared end proved wrong.
 */
export async function findInnerBoundary (
  bytes: Uint8Array, q: ByteQueue | undefined, maxHeaderLength: number
): Promise<{ at: number, separatorStart: number } | undefined> {
  let i = 0
  for (;;) {
    i = bytes.indexOf(W, i + 1)
    if (i === -1) return undefined
    const separatorStart = separatorBefore(bytes, i)
    if (separatorStart !== -1 && magicAt(bytes, i) !== 'no') {
      let r = parseWarcHeaderBlock(bytes, i, maxHeaderLength)
      if (r.status === 'incomplete' && q != null) {
        const more = await q.peek(maxHeaderLength)
        const joined = new Uint8Array(bytes.length - i + more.length)
        joined.set(bytes.subarray(i))
        joined.set(more, bytes.length - i)
        r = parseWarcHeaderBlock(joined, 0, maxHeaderLength)
      }
      if (r.status === 'ok') return { at: i, separatorStart }
    }
  }
}
