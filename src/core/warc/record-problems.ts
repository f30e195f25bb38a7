import type { ByteQueue } from './byte-queue.ts'
import type { ContentOutcome } from './read-content.ts'
import { SourceGap } from './source-gap.ts'
import type { WarcHeaders } from './warc-headers.ts'
import type { WarcProblem } from './warc-types.ts'

/** A record whose header block has been read. */
export interface RecordStart {
  offset: number
  version: string
  headers: WarcHeaders
  headerLength: number
  declaredLength: number
  problems: WarcProblem[]
}

export function endProblems (start: RecordStart, outcome: ContentOutcome, length: number): WarcProblem[] {
  const problems = [...start.problems]
  const declared = start.declaredLength
  const add = (severity: 'warning' | 'error', code: string, message: string): void => {
    problems.push(recordProblem(severity, code, start.offset, start.headers, message))
  }
  switch (outcome.recovered) {
    case 'short':
      add('warning', 'length-recovered', `Content-Length ${declared} is short: the record runs to the next record boundary, ${length} bytes`)
      break
    case 'overrun':
      add('warning', 'length-recovered', `Content-Length ${declared} runs into the next record: the record is ${length} bytes`)
      break
    case 'eof':
      add('warning', 'length-recovered', `Content-Length ${declared} runs past the end of input: the record is ${length} bytes`)
      break
    case 'unknown':
      add('warning', 'length-invalid', `Content-Length ${JSON.stringify(start.headers.get('Content-Length') ?? null)} unusable: the record runs to the next record boundary, ${length} bytes`)
      break
  }
  if (outcome.error != null) add('error', outcome.error.code, outcome.error.message)
  return problems
}

/**
 * Why the source stopped (`q.failure`): it threw, or yielded a gap; the record it cut, if any, is lost.
 * The message names no offset in the decompressed stream (the edge maps the problem's own offset to
 * the file, a message it cannot): the cut record is named by its URI.
 */
export function stopped (q: ByteQueue, current: RecordStart | undefined): WarcProblem {
  const cause = q.failure?.error
  const uri = current?.headers.get('WARC-Target-URI') ?? current?.headers.get('WARC-Record-ID')
  const lost = current == null ? '' : `the record it cut${uri != null ? ` (${uri})` : ''} is lost`
  const at = current == null ? problem('error', '', q.offset, '') : recordProblem('error', '', current.offset, current.headers, '')
  if (cause instanceof SourceGap) {
    const gap: WarcProblem = { ...at, code: cause.code, offset: q.offset, message: lost === '' ? cause.message : `${cause.message}; ${lost}` }
    if (cause.fileOffset != null) gap.fileOffset = cause.fileOffset
    return gap
  }
  return {
    ...at,
    code: 'source-failed',
    offset: q.offset,
    message: `the source failed (${cause instanceof Error ? cause.message : String(cause)})${lost === '' ? '' : `; ${lost}`}`,
    cause
  }
}

export function problem (severity: 'warning' | 'error', code: string, offset: number, message: string): WarcProblem {
  return { kind: 'problem', severity, code, offset, message }
}

export function recordProblem (severity: 'warning' | 'error', code: string, offset: number, headers: WarcHeaders, message: string): WarcProblem {
  const p = problem(severity, code, offset, message)
  const recordId = headers.get('WARC-Record-ID')
  const targetUri = headers.get('WARC-Target-URI')
  if (recordId != null) p.recordId = recordId
  if (targetUri != null) p.targetUri = targetUri
  return p
}
