import { IparoError, MethodNotAllowedError } from '../errors.ts'
import { statusForError } from './error-status.ts'

/**
 * An error as an HTTP response: the status from the shared table, plain text naming the error code and
 * its message. Each edge calls this from its one place where errors become responses (the local node
 * adds CORS, the service worker its replay CSP); server faults are passed to `log`, since their message
 * may not help the client. Only the project's own messages reach the client: what the engine or a
 * library says (a TypeError, a protobuf decoder's complaint, a stack) stays in the log.
 */
export function errorResponse (err: unknown, log: (line: string, err: unknown) => void): Response {
  const status = statusForError(err)
  const own = err instanceof IparoError
  const name = own || status !== 500 ? (err instanceof Error ? err.name : 'Error') : 'InternalError'
  if (status >= 500) log(`${status} ${err instanceof Error ? err.name : 'Error'}: ${err instanceof Error ? err.message : String(err)}`, err)
  const message = own ? ownMessage(err) : GENERIC[status] ?? GENERIC[500] as string
  const headers = new Headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Iparo-Error': name })
  if (err instanceof MethodNotAllowedError) headers.set('Allow', err.allowed.join(', '))
  return new Response(`${status} ${name}: ${message}\n`, { status, headers })
}

const GENERIC: Record<number, string> = {
  500: 'the request could not be answered (the server log says why)',
  503: 'the request was aborted',
  504: 'the request timed out'
}

/**
 * The error's message without the text of a foreign cause that it quotes (some messages end with
 * `: <what the library said>`): that part is the library's words, kept in the log through `cause`.
 */
function ownMessage (err: IparoError): string {
  let message = err.message
  const cause = err.cause
  if (cause instanceof Error && !(cause instanceof IparoError) && cause.message !== '') {
    message = message.replace(`: ${cause.message}`, '').replace(cause.message, '')
  }
  return message
}

/**
 * The code and message of an error answer written by `errorResponse` (its first line); any other body
 * (a gateway's page, a relay's own failure) is all message, trimmed to a readable length. The one reader
 * of those bodies for the app: replay failures, API failures and timeline sources.
 */
export function readErrorBody (body: string): { code: string, message: string } {
  const m = /^\d{3} ([A-Za-z]+): ([^\n]*)/.exec(body)
  if (m != null) return { code: m[1] ?? '', message: (m[2] ?? '').trim() }
  return { code: '', message: body.trim().replace(/\s+/g, ' ').slice(0, 300) }
}
