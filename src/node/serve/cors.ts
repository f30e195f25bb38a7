/**
 * Everything the node serves is public (blocks are content-addressed, records are signed), and browsers
 * on other origins (the app, a replay origin, a service worker) read it: CORS is open on every response.
 * Without it a cross-origin service worker sees IPNS failures as a misleading "record not found".
 */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Accept, Accept-Datetime, Range, If-None-Match, Authorization',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Location, Content-Range, Content-Type, ETag, Link, Location, Memento-Datetime, Vary, X-Ipfs-Path, X-Ipfs-Roots, X-Iparo-Timemap-Complete',
  'Access-Control-Max-Age': '86400'
}

/**
 * The response with CORS fields added, and any `more` fields (the security headers). Set in place: a
 * Response a handler built is its own and mutable, and copying every field into a new Response cost a
 * replay about 3% of the node's CPU under load (bench/serve). Immutable headers (Response.redirect, a
 * fetched response) refuse the first change: those are copied.
 */
export function withCors (response: Response, more: Readonly<Record<string, string>> = {}): Response {
  try {
    setAll(response.headers, more)
    return response
  } catch (err) {
    if (!(err instanceof TypeError)) throw err
  }
  const headers = new Headers(response.headers)
  setAll(headers, more)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

function setAll (headers: Headers, more: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value)
  for (const [name, value] of Object.entries(more)) headers.set(name, value)
}

export function preflightResponse (): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS })
}
