import { MethodNotAllowedError } from '../errors.ts'
import { statusForError } from './error-status.ts'

/**
 * An error as an HTTP response: the status from the shared table, plain text naming the error code and
 * its message. Each edge calls this from its one place where errors become responses (the local node
 * adds CORS, the service worker its replay CSP); server faults are passed to `log`, since their message
 * may not help the client.
 */
export function errorResponse (err: unknown, log: (line: string, err: unknown) => void): Response {
  const status = statusForError(err)
  const name = err instanceof Error ? err.name : 'Error'
  const message = err instanceof Error ? err.message : String(err)
  if (status >= 500) log(`${status} ${name}: ${message}`, err)
  const headers = new Headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Iparo-Error': name })
  if (err instanceof MethodNotAllowedError) headers.set('Allow', err.allowed.join(', '))
  return new Response(`${status} ${name}: ${message}\n`, { status, headers })
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
