import { HOST_PAGE_CSP } from '../src/core/replay/host-page-policy.ts'

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', webmanifest: 'application/manifest+json',
  json: 'application/json', woff2: 'font/woff2', txt: 'text/plain; charset=utf-8'
}

/** The key of an app file in the build's list: `/` is index.html. */
export const appFileKey = (path: string): string => path === '/' ? '/index.html' : path

function base64 (bytes: ArrayBuffer): string {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text)
}

/**
 * A copy of an app file kept in CacheStorage, served only when its bytes still hash to what the build
 * listed (sw/app-files.ts): archived scripts share this origin's CacheStorage and could leave their own
 * replay.html or scripts there for the next offline start. The headers are made here, not taken from
 * the copy: the host page gets its policy whatever the copy says. Undefined when the copy was altered.
 */
export async function verifiedCopy (kept: Response, path: string, files: Readonly<Record<string, string>>): Promise<Response | undefined> {
  const expected = files[appFileKey(path)]
  if (expected == null) return undefined
  const bytes = await kept.arrayBuffer()
  if (base64(await crypto.subtle.digest('SHA-256', bytes)) !== expected) return undefined
  return appFileResponse(bytes, path)
}

/** An app file the worker carries itself (sw/app-files.ts `embedded`), or undefined. */
export function embeddedFile (path: string, embedded: Readonly<Record<string, string>>): Response | undefined {
  const b64 = embedded[appFileKey(path)]
  if (b64 == null) return undefined
  return appFileResponse(Uint8Array.from(atob(b64), c => c.charCodeAt(0)), path)
}

/** The app file's bytes with the headers the worker gives it (the host page its policy). */
function appFileResponse (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, path: string): Response {
  const type = TYPES[appFileKey(path).replace(/^.*\./, '')] ?? 'application/octet-stream'
  const headers = new Headers({ 'Content-Type': type })
  if (appFileKey(path) === '/replay.html') headers.set('Content-Security-Policy', HOST_PAGE_CSP)
  return new Response(bytes, { headers })
}
