/**
 * The policy every response for a replayed page carries: scripts and styles of the archive run, but
 * every fetch, frame and form stays on the replay origin, where the worker answers it from the archive.
 * Archived CSPs are kept only as X-Archive-Orig-* (replay-headers.ts), so this is the one in force.
 * Rewriting (src/core/rewrite) already points every URL the page names at this origin; the policy is the
 * backstop for what rewriting and the client script miss. No web app manifest: an archived one would
 * offer to install the replay origin as the archived site.
 */
export const REPLAY_CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; object-src 'none'; base-uri 'self'; manifest-src 'none'"

/** The same response with the replay CSP (a worker's responses may have immutable headers: copied). */
export function withReplayCsp (response: Response): Response {
  const headers = new Headers(response.headers)
  headers.set('Content-Security-Policy', REPLAY_CSP)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
