import { MethodNotAllowedError } from '../../core/errors.ts'
import { statusForError } from '../../core/routing/error-status.ts'

/**
 * The local node's one place where errors become HTTP responses. Plain text naming the error code and
 * its message; server faults (500) are logged, since their message may not help the client.
 */
export function errorResponse (err: unknown, log: (line: string) => void): Response {
  const status = statusForError(err)
  const name = err instanceof Error ? err.name : 'Error'
  const message = err instanceof Error ? err.message : String(err)
  if (status >= 500) log(`${status} ${name}: ${message}`)
  const headers = new Headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  if (err instanceof MethodNotAllowedError) headers.set('Allow', err.allowed.join(', '))
  return new Response(`${status} ${name}: ${message}\n`, { status, headers })
}
