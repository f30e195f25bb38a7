/**
 * The policy every response for a replayed page carries: scripts and styles of the archive run, but
 * every fetch, frame and form stays on the replay origin, where the worker answers it from the archive.
 * Archived CSPs are kept only as X-Archive-Orig-* (replay-headers.ts), so this is the one in force.
 * Rewriting (src/core/rewrite) already points every URL the page names at this origin; the policy is the
 * backstop for what rewriting and the client script miss. No web app manifest: an archived one would
 * offer to install the replay origin as the archived site.
 */
export const REPLAY_CSP = "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; form-action 'self'; object-src 'none'; base-uri 'self'; manifest-src 'none'"

/**
 * Powers an archived page has no use for, and that would act outside the archive (devices, payments,
 * credentials), are off for it and every frame it makes; the sandbox of its frame already refuses popups
 * and top navigation.
 */
export const REPLAY_PERMISSIONS = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), publickey-credentials-get=(), publickey-credentials-create=(), identity-credentials-get=(), otp-credentials=(), xr-spatial-tracking=(), local-fonts=(), window-management=(), idle-detection=(), browsing-topics=()'

/**
 * Documents the client script cannot enter (SVG, XML: it is injected into HTML and XHTML only) run no script when
 * opened as a page or a frame: nothing would keep their navigations in the archive, and Chromium opens a
 * connection for a frame navigation to another host before the CSP refuses it. Same origin still, so the
 * worker answers what they load. (As images they never run script anyway.)
 */
const SCRIPTLESS_DOCUMENT = /^\s*(image\/svg\+xml|text\/xml|application\/xml|application\/(?!xhtml\+xml)[\w.-]+\+xml)\s*(;|$)/i
const SCRIPTLESS_SANDBOX = 'sandbox allow-same-origin allow-forms'

/**
 * The same response with the replay CSP (a worker's responses may have immutable headers: copied);
 * `navigation`: the response is a page or a frame's document (see SCRIPTLESS_DOCUMENT).
 */
export function withReplayCsp (response: Response, navigation = false): Response {
  const headers = new Headers(response.headers)
  const scriptless = navigation && SCRIPTLESS_DOCUMENT.test(headers.get('content-type') ?? '')
  headers.set('Content-Security-Policy', scriptless ? `${REPLAY_CSP}; ${SCRIPTLESS_SANDBOX}` : REPLAY_CSP)
  headers.set('Permissions-Policy', REPLAY_PERMISSIONS)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
