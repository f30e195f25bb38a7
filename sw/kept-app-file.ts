import { fromString } from 'uint8arrays/from-string'
import { toString } from 'uint8arrays/to-string'
import { contentTypeOf } from '../src/core/http/content-type-of.ts'
import { HOST_PAGE_CSP } from '../src/core/replay/host-page-policy.ts'

/** The key of an app file in the build's list: `/` is index.html. */
export const appFileKey = (path: string): string => path === '/' ? '/index.html' : path

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
  if (toString(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), 'base64pad') !== expected) return undefined
  return appFileResponse(bytes, path)
}

/** An app file the worker carries itself (sw/app-files.ts `embedded`), or undefined. */
export function embeddedFile (path: string, embedded: Readonly<Record<string, string>>): Response | undefined {
  const b64 = embedded[appFileKey(path)]
  if (b64 == null) return undefined
  return appFileResponse(fromString(b64, 'base64pad'), path)
}

/** The app file's bytes with the headers the worker gives it (the host page its policy). */
function appFileResponse (bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, path: string): Response {
  const headers = new Headers({ 'Content-Type': contentTypeOf(appFileKey(path)) })
  if (appFileKey(path) === '/replay.html') headers.set('Content-Security-Policy', HOST_PAGE_CSP)
  return new Response(bytes, { headers })
}
