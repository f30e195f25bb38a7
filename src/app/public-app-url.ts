const KEY = 'iparo.publicAppUrl'

export type AppUrlInput = { ok: true, url: string | undefined } | { ok: false, message: string }

/**
 * What a person typed as the public app URL: blank clears it; otherwise an http(s) URL with no
 * credentials, kept without its fragment (the app's routes go there) and with a path ending in `/`
 * unless it names a file (`…/index.html`), so that a route appended to it stays inside the app.
 */
export function cleanAppUrl (text: string): AppUrlInput {
  const value = text.trim()
  if (value === '') return { ok: true, url: undefined }
  const url = URL.parse(value)
  if (url == null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return { ok: false, message: `${JSON.stringify(value)} is not an http:// or https:// URL` }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'a public app URL cannot carry a user name or password: everyone you share a link with would see them' }
  url.hash = ''
  if (!url.pathname.endsWith('/') && !/\.[a-z0-9]+$/i.test(url.pathname)) url.pathname += '/'
  return { ok: true, url: url.href }
}

/** The public app URL set on the settings page (on the app's origin, with the app's other settings), if any. */
export function loadPublicAppUrl (): string | undefined {
  const stored = localStorage.getItem(KEY)
  if (stored == null) return undefined
  const clean = cleanAppUrl(stored)
  return clean.ok ? clean.url : undefined
}

/** Keeps the setting (undefined clears it). */
export function savePublicAppUrl (url: string | undefined): void {
  if (url == null) localStorage.removeItem(KEY)
  else localStorage.setItem(KEY, url)
}
