import { ForbiddenWriteError, InvalidInputError } from '../../core/errors.ts'
import { PayloadTooLargeError } from '../../core/routing/payload-too-large-error.ts'
import { requireMethod } from '../../core/routing/require-method.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { annotateLocalArchive } from './annotate-local-archive.ts'

const PATH = /^\/api\/v1\/archives\/([^/]+)\/annotations\/?$/
/** A note of MAX_TEXT_LENGTH characters in JSON fits many times over. */
export const MAX_NOTE_BODY = 256 * 1024

/** Where writes may come from: the app's origins exactly; none while there is no separate replay origin. */
export interface WriterOrigins {
  app: string[]
  /** the replay origin; undefined when archived pages run on the app's origin (`--replay-port none`) */
  replay: string | undefined
}

/**
 * Why a request may not write, or undefined when it may. The browser sets `Origin` on every POST and no
 * script can change it; a JSON content type cannot be sent cross-origin without a preflight, and no
 * HTML form can send it. So only a page of the app's origin passes: never an archived page (replay origin,
 * or a sandboxed opaque origin, `Origin: null`), another site, or a client that names no origin.
 */
export function writeRefusal (request: Request, origins: WriterOrigins): string | undefined {
  const origin = request.headers.get('origin')
  if (origins.replay == null || origins.app.includes(origins.replay)) return 'this node serves archived pages on the app\'s own origin (--replay-port none): notes can be written with `iparo annotate` only'
  if (origin == null) return 'a note must come from the app (no Origin header)'
  if (origin === origins.replay) return 'archived pages cannot write notes'
  if (!origins.app.includes(origin)) return `a note must come from the app, not from ${JSON.stringify(origin.slice(0, 100))}`
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) return 'a note is sent as application/json'
  return undefined
}

async function readNote (request: Request): Promise<{ target: string, text: string }> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > MAX_NOTE_BODY) throw new PayloadTooLargeError(MAX_NOTE_BODY)
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw new InvalidInputError('the note is not valid JSON', { cause: err })
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInputError('the note is not a JSON object')
  const { target, text, ...rest } = body as Record<string, unknown>
  if (Object.keys(rest).length > 0) throw new InvalidInputError(`unknown fields: ${Object.keys(rest).slice(0, 5).join(', ')}`)
  if (typeof target !== 'string' || typeof text !== 'string') throw new InvalidInputError('a note is { "target": memento CID, "text": string }')
  return { target, text }
}

/**
 * `POST /api/v1/archives/ARCHIVE/annotations` `{ target, text }`: writes an annotation IPARO on a memento of
 * a local archive and publishes the archive's new root (docs/annotations.md). The node holds the key;
 * the browser only asks, and only from the app's origin.
 */
export class AnnotationsWriteHandler implements RouteHandler {
  readonly name = 'annotations-write'

  constructor (private readonly store: EmbeddedStore, private readonly registry: ArchiveRegistry, private readonly origins: () => WriterOrigins) {}

  canHandle (_request: Request, url: URL): boolean {
    return PATH.test(url.pathname)
  }

  async handle (request: Request, url: URL): Promise<Response> {
    requireMethod(request, ['POST'])
    const refused = writeRefusal(request, this.origins())
    if (refused != null) throw new ForbiddenWriteError(refused)
    let archive: string
    try {
      archive = decodeURIComponent(PATH.exec(url.pathname)?.[1] ?? '')
    } catch (err) {
      throw new InvalidInputError('the archive name is not valid percent-encoding', { cause: err })
    }
    const note = await readNote(request)
    const { record, annotation } = await annotateLocalArchive(this.store, this.registry, {
      archive, target: note.target, text: note.text, replayOrigin: request.headers.get('origin') ?? ''
    })
    const { cid, header, text } = annotation
    return Response.json({
      archive: record.name, ipns: record.ipns, root: record.root,
      annotation: { cid, datetime: header.datetime, text, uri: header.uri, uriM: header.target.uriM }
    }, { status: 201, headers: { 'Cache-Control': 'no-store' } })
  }
}
