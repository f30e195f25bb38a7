import type { RawRequest, RawResponse } from './raw-http.ts'

/**
 * Statuses the node documents for requests (README, docs/local-node.md, docs/reliability.md): answers,
 * redirects, client errors, and 431 / 400 from Node's HTTP parser for request lines or headers over
 * 16 KiB or bytes that are not HTTP. The node's 502 means its own data is damaged: the fuzzed store is
 * not, so a 502 here would blame the data for the client's input, and counts as a server error.
 */
export const DOCUMENTED_STATUSES = new Set([200, 204, 206, 302, 304, 400, 404, 405, 409, 413, 416, 431])

// What engine or library text looks like: error class names, stack frames, Node internals.
const ENGINE_TEXT = /\b(TypeError|RangeError|SyntaxError|ReferenceError|URIError|EvalError|AggregateError)\b|\n\s+at \S|node:internal|\bERR_[A-Z_]+|Cannot read propert|is not a function|is not defined|Unexpected token|ByteString|wire type|signatureV2/

export type RequestOutcome = 'ok' | 'undocumented-status' | 'server-error' | 'engine-text' | 'no-answer' | 'timeout'

export interface RequestCaseResult {
  index: number
  method: string
  target: string
  status?: number
  outcome: RequestOutcome
  message?: string
}

/** Judges one answer. Archived content (a replayed body, with Memento-Datetime) is not the node's own text and is not judged. */
export function judge (index: number, request: RawRequest, response: RawResponse | undefined | Error): RequestCaseResult {
  const base = { index, method: request.method, target: request.target.slice(0, 300) }
  if (response instanceof Error) return { ...base, outcome: 'timeout', message: response.message }
  // Node closes a CONNECT with no handler, or a request it cannot parse past its limits, without a word
  if (response == null) return { ...base, outcome: request.method === 'CONNECT' ? 'ok' : 'no-answer' }
  const result = { ...base, status: response.status }
  if (response.status >= 500) return { ...result, outcome: 'server-error', message: response.body.slice(0, 300) }
  if (!DOCUMENTED_STATUSES.has(response.status)) return { ...result, outcome: 'undocumented-status', message: response.body.slice(0, 300) }
  const archived = response.headers.has('memento-datetime')
  if (response.status >= 400 && !archived) {
    const m = ENGINE_TEXT.exec(response.body)
    if (m != null) return { ...result, outcome: 'engine-text', message: `${JSON.stringify(m[0])} in ${JSON.stringify(response.body.slice(0, 300))}` }
  }
  return { ...result, outcome: 'ok' }
}
