/**
 * The replay host page's Content-Security-Policy (docs/replay-origins.md): it shares its origin with
 * archived pages, whose scripts can reach it, so no eval, no inline script and nothing fetched from
 * elsewhere. Sent by the node (with frame-ancestors) and by the worker when it serves the page from
 * its cache; replay.html carries the same as a meta element for static hosts.
 */
export const HOST_PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
