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

  async handle (_request: Request, url: URL): Promise<Response> {
    const path = this.fileOf(url) ?? '/index.html'
    const file = join(this.root, ...path.split('/'))
    const bytes = await readFile(file)
    const info = await stat(file)
    const hashed = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2|png|svg)$/.test(path)
    return new Response(new Uint8Array(bytes), {
      headers: {
        'Content-Type': contentTypeOf(path),
        'Content-Length': String(bytes.byteLength),
        'Last-Modified': info.mtime.toUTCString(),
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache'
      }
    })
  }
}

function decodeURIComponentSafe (s: string): string | undefined {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}
