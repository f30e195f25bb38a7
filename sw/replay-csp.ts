/**
 * The policy every response for a replayed page carries: scripts and styles of the archive run, but
 * every fetch, frame and form stays on the replay origin, where the worker answers it from the archive.
 * Archived CSPs are kept only as X-Archive-Orig-* (replay-headers.ts), so this is the one in force.
 */
export const REPLAY_CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; object-src 'none'; base-uri 'self'"

/** The same response with the replay CSP (a worker's responses may have immutable headers: copied). */
export function withReplayCsp (response: Response): Response {
  const headers = new Headers(response.headers)
  headers.set('Content-Security-Policy', REPLAY_CSP)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
