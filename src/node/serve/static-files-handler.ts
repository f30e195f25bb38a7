import { readdir, readFile, stat } from 'node:fs/promises'
import { join, normalize, sep } from 'node:path'
import { contentTypeOf } from '../../core/http/content-type-of.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'


/**
 * Files of one folder (the built web app) by path; `/` is index.html. Only paths that exist are
 * claimed, so archive routes and the app never shadow each other. Vite's hashed assets are immutable.
 */
export class StaticFilesHandler implements RouteHandler {
  readonly name = 'static'
  private readonly root: string

  constructor (root: string, private readonly files: Set<string>) {
    this.root = normalize(root)
  }

  /** Lists the folder once; a rebuilt app is picked up by restarting the node. */
  static async open (root: string): Promise<StaticFilesHandler> {
    const files = new Set<string>()
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.add('/' + join(entry.parentPath, entry.name).slice(normalize(root).length).split(sep).filter(Boolean).join('/'))
    }
    return new StaticFilesHandler(root, files)
  }

  /** Whether `path` (decoded, `/` for index.html) is one of the folder's files. */
  has (path: string): boolean {
    return this.files.has(path === '/' ? '/index.html' : path)
  }

  private fileOf (url: URL): string | undefined {
    const path = url.pathname === '/' ? '/index.html' : decodeURIComponentSafe(url.pathname)
    return path != null && this.files.has(path) ? path : undefined
  }

  canHandle (request: Request, url: URL): boolean {
    return (request.method === 'GET' || request.method === 'HEAD') && this.fileOf(url) != null
  }

  async handle (request: Request, url: URL): Promise<Response> {
    const path = this.fileOf(url) ?? '/index.html'
    const file = join(this.root, ...path.split('/'))
    const info = await stat(file)
    const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2|png|svg)$/.test(path)
    const headers: Record<string, string> = {
      'Content-Type': contentTypeOf(path),
      'Last-Modified': info.mtime.toUTCString(),
      // no-cache files (index.html, replay.html, the replay client) are revalidated on every visit: a
      // validator lets an unchanged one cost a 304 rather than its bytes (bench/replay's warm visits)
      ETag: `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache'
    }
    if (notModified(request, headers.ETag ?? '', info.mtime)) return new Response(null, { status: 304, headers })
    const bytes = await readFile(file)
    return new Response(new Uint8Array(bytes), { headers: { ...headers, 'Content-Length': String(bytes.byteLength) } })
  }
}

/** RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since (second precision). */
function notModified (request: Request, etag: string, mtime: Date): boolean {
  const match = request.headers.get('If-None-Match')
  if (match != null) return match.split(',').some(t => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')
  const since = Date.parse(request.headers.get('If-Modified-Since') ?? '')
  return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) * 1000 <= since
}

function decodeURIComponentSafe (s: string): string | undefined {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}
