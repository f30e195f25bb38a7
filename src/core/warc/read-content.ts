import { parseHttpHead } from '../http/parse-http-head.ts'
import type { ByteQueue } from './byte-queue.ts'
import { checkDeclaredEnd, endsWithSeparator, findInnerBoundary, scanStep, trailingSeparatorLength } from './boundary.ts'
import { CandidateTracker } from './candidate-tracker.ts'
import { HoldBack } from './hold-back.ts'

const LF = 0x0a

export interface ContentPlan {
  /** Content-Length when it is a non-negative integer, else NaN (the end is found by scanning). */
  declared: number
  /** Read all declared bytes before passing any on (they can still be cut at an inner boundary). */
  buffered: boolean
  /** The HTTP message kind when the block is `application/http`. */
  http: 'request' | 'response' | undefined
  maxHeaderLength: number
  resyncLimit: number
}

/** How the content's end was established; filled in by readContent as it goes. */
export interface ContentOutcome {
  /** The declared length was wrong and how: 'short', 'overrun' (into the next record), 'eof' (past the end of input), 'unknown' (none declared). */
  recovered?: 'short' | 'overrun' | 'eof' | 'unknown'
  /** The record cannot be read: its bytes must be discarded. */
  error?: { code: 'truncated' | 'overrun', message: string }
  /**
   * The source threw, or a gap cut the content (which then may end right at the gap but hold bytes
   * the gap disowned: `q.tainted`).
   */
  sourceFailed?: boolean
}

/**
 * A record's content as pieces (zero-copy views where possible), starting at the first byte
 * after its header block and leaving the queue at the end of the record (before the separator),
 * or at the next record when that had to be found.
 */
export async function * readContent (q: ByteQueue, plan: ContentPlan, out: ContentOutcome): AsyncGenerator<Uint8Array, void, undefined> {
  if (Number.isNaN(plan.declared)) {
    out.recovered = 'unknown'
    yield * extend(q, new HoldBack(), plan, out)
  } else if (plan.buffered) {
    yield * readBuffered(q, plan, out)
  } else {
    yield * readStreamed(q, plan, out)
  }
}

async function * readBuffered (q: ByteQueue, plan: ContentPlan, out: ContentOutcome): AsyncGenerator<Uint8Array, void, undefined> {
  const pieces: Uint8Array[] = []
  let got = 0
  while (got < plan.declared) {
    if (q.available === 0 && !await q.pull()) break
    const p = q.take(plan.declared - got)
    pieces.push(p)
    got += p.length
  }
  const buf = concat(pieces, got)

  if (got === plan.declared) {
    const end = await checkDeclaredEnd(q)
    if (end === 'eof' && q.tainted) {
      out.sourceFailed = true
      return
    }
    if (end === 'boundary' || end === 'eof') {
      yield buf
      return
    }
    // Only now, with the declared end proven wrong, look for a record starting inside.
    const inner = await findInnerBoundary(buf, q, plan.maxHeaderLength)
    if (inner != null) {
      q.unshift(buf.subarray(inner.at), LF)
      out.recovered = 'overrun'
      yield buf.subarray(0, inner.separatorStart)
      return
    }
    if (end === 'separator') {
      // the record ended as declared; what follows is garbage, which the reader reports
      yield buf
      return
    }
    out.recovered = 'short'
    const hold = new HoldBack()
    yield * hold.push(buf)
    yield * extend(q, hold, plan, out)
    return
  }

  yield * endedEarly(q, buf, plan, out)
}

/**
 * A buffered record whose input ended before its declared length: it ends at a record boundary inside
 * it, or at the blank line the input ends with; else it is truncated.
 */
async function * endedEarly (q: ByteQueue, buf: Uint8Array, plan: ContentPlan, out: ContentOutcome): AsyncGenerator<Uint8Array, void, undefined> {
  if (q.failure != null) {
    out.sourceFailed = true
    return
  }
  const inner = await findInnerBoundary(buf, q, plan.maxHeaderLength)
  if (inner != null) {
    q.unshift(buf.subarray(inner.at), LF)
    out.recovered = 'overrun'
    yield buf.subarray(0, inner.separatorStart)
    return
  }
  if (endsWithSeparator(buf)) {
    let length = buf.length - trailingSeparatorLength(buf)
    const head = plan.http == null ? undefined : parseHttpHead(buf, plan.http)
    if (head !== null) {
      // never cut into the HTTP head when its blank line doubles as the separator
      if (head != null) length = Math.max(length, head.headLength)
      out.recovered = 'eof'
      yield buf.subarray(0, length)
      return
    }
  }
  out.error = { code: 'truncated', message: `the input ends ${plan.declared - buf.length} bytes before the declared end of the record` }
}

async function * readStreamed (q: ByteQueue, plan: ContentPlan, out: ContentOutcome): AsyncGenerator<Uint8Array, void, undefined> {
  const hold = new HoldBack()
  const tracker = new CandidateTracker(plan.resyncLimit)
  let remaining = plan.declared
  while (remaining > 0) {
    if (q.available === 0 && !await q.pull()) break
    const p = q.take(remaining)
    remaining -= p.length
    tracker.observe(p)
    yield * hold.push(p)
  }

  if (remaining === 0) {
    const end = await checkDeclaredEnd(q)
    if (end === 'eof' && q.tainted) {
      out.sourceFailed = true
      return
    }
    if (end === 'boundary' || end === 'eof') {
      yield * hold.finish(false)
      return
    }
    if (await overran(q, tracker, plan, out)) return
    if (end === 'separator') {
      yield * hold.finish(false)
      return
    }
    out.recovered = 'short'
    yield * extend(q, hold, plan, out)
    return
  }

  if (q.failure != null) {
    out.sourceFailed = true
    return
  }
  if (await overran(q, tracker, plan, out)) return
  if (hold.endsWithSeparator()) {
    out.recovered = 'eof'
    yield * hold.finish(true)
    return
  }
  out.error = { code: 'truncated', message: `the input ends ${remaining} bytes before the declared end of the record` }
}

/**
 * A streamed record whose declared end is wrong and which holds a record boundary: it has been
 * passed on already, so it is an error; reading resumes at that boundary if it was retained.
 */
async function overran (q: ByteQueue, tracker: CandidateTracker, plan: ContentPlan, out: ContentOutcome): Promise<boolean> {
  const found = await tracker.boundary(q, plan.maxHeaderLength)
  if (found == null) return false
  if (tracker.overflowed) {
    out.error = {
      code: 'overrun',
      message: `Content-Length ${plan.declared} runs into a following record more than ${plan.resyncLimit} bytes before its declared end; records in between are lost`
    }
  } else {
    q.unshift(found.bytes.subarray(found.at), LF)
    out.error = { code: 'overrun', message: `Content-Length ${plan.declared} runs into the following record, which is read from its start` }
  }
  return true
}

/** Extends content to the next record boundary (or the end of input), minus one separator. */
async function * extend (q: ByteQueue, hold: HoldBack, plan: ContentPlan, out: ContentOutcome): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    const step = await scanStep(q, plan.maxHeaderLength)
    if (step.kind === 'eof') {
      if (q.failure != null) {
        out.sourceFailed = true
        return
      }
      yield * hold.finish(true)
      return
    }
    if (step.kind === 'boundary') {
      if (step.at > 0) yield * hold.push(q.take(step.at))
      yield * hold.finish(true)
      return
    }
    yield * hold.push(q.take(step.length))
  }
}

export function concat (pieces: Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1 && pieces[0] != null) return pieces[0]
  const out = new Uint8Array(size)
  let at = 0
  for (const p of pieces) { out.set(p, at); at += p.length }
  return out
}
