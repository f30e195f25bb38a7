import { readErrorBody } from '../routing/error-response.ts'

/** What went wrong with a replayed page, in the terms a person acts on. */
export type ReplayFailureKind = 'not-archived' | 'unreachable' | 'verification' | 'bad-request' | 'other'

export interface ReplayFailure {
  kind: ReplayFailureKind
  status: number
  /** the error code the worker or node named (`BlockVerificationError`…), when it did */
  code: string
  message: string
}

// Codes whose 502 means "the data came but was wrong", as opposed to "the data did not come".
const VERIFICATION = new Set(['BlockVerificationError', 'InvalidIparoError', 'InvalidUrlMapError', 'InvalidChainError'])

/**
 * Reads an error answer of the replay routes (`errorResponse`: `<status> <Code>: <message>`, see
 * routing/error-status.ts) into what the app shows. A status 0 is the relay's own: the worker did not
 * answer at all. Undefined for an answer that is not a failure: a capture replays with the status it was
 * captured with (an archived 404 page is content), and says so with `Memento-Datetime`.
 */
export function replayFailure (status: number, body: string, headers: Record<string, string> = {}): ReplayFailure | undefined {
  if ((status >= 200 && status < 400) || headers['memento-datetime'] != null) return undefined
  const { code, message } = readErrorBody(body)
  const failure = (kind: ReplayFailureKind): ReplayFailure => ({ kind, status, code, message })
  if (status === 404) return failure('not-archived')
  if (VERIFICATION.has(code)) return failure('verification')
  if (status === 0 || status === 502 || status === 503 || status === 504) return failure('unreachable')
  if (status >= 400 && status < 500) return failure('bad-request')
  return failure('other')
}
