import { HOST_PAGE_CSP } from '../../core/replay/host-page-policy.ts'

/**
 * The node's part of the trust boundary (docs/replay-origins.md), applied to every response it sends:
 * - The app's page may not be framed by anyone.
 * - The replay host page gets a strict policy (no eval, no inline script, nothing from elsewhere) and
 *   may be framed only by the app's origins.
 * - Everything that is not one of the app's own files (archived pages, IPAROs, TimeMaps, API answers)
 *   is sandboxed into an opaque origin: a URI-M opened straight from the node, on the app's port or
 *   the replay port, runs its scripts where they reach neither origin's storage nor pages.
 * - A service worker script can only be the app's: an archived script registered as a worker would
 *   answer every request of its scope.
 */
export const ARCHIVED_CSP = "sandbox allow-scripts allow-forms allow-modals; default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; object-src 'none'; base-uri 'self'; manifest-src 'none'; worker-src blob:"
const SERVICE_WORKER_SCRIPTS = new Set(['/sw.js'])

export interface SecurityContext {
  /** the app origins allowed to frame the replay host page */
  appOrigins: string[]
  /** whether the path is one of the built app's own files */
  isAppFile: (path: string) => boolean
}

/** Why a request is refused before any handler sees it, or undefined. */
export function refusal (request: Request, url: URL): Response | undefined {
  if (request.headers.get('service-worker') === 'script' && !SERVICE_WORKER_SCRIPTS.has(url.pathname)) {
    return new Response('Only the app\'s own service worker can be registered here.\n', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  }
  return undefined
}

/** The fields the response for `url` gets: the policy its path calls for. */
export function securityHeaders (url: URL, context: SecurityContext): Record<string, string> {
  if (url.pathname === '/' || url.pathname === '/index.html') {
    // the app is never framed: a page that frames it could steer the person's clicks
    return { 'Content-Security-Policy': "frame-ancestors 'none'" }
  }
  if (url.pathname === '/replay.html') {
    // Any page may frame it: the embeddable element puts the app's embed page on other people's pages,
    // and frame-ancestors checks every ancestor, the host page too (docs/embed.md).
    return { 'Content-Security-Policy': `${HOST_PAGE_CSP}; frame-ancestors *` }
  }
  if (!context.isAppFile(url.pathname) || url.pathname.endsWith('.warc') || url.pathname.endsWith('.gz')) {
    return { 'Content-Security-Policy': ARCHIVED_CSP, 'X-Content-Type-Options': 'nosniff' }
  }
  return {}
}
