import { CID } from 'multiformats/cid'
import type { ArchiveReader } from '../archive/archive-reader.ts'
import { InvalidInputError } from '../errors.ts'
import { AnnotationIndex, MAX_LISTED, type AnnotationRef } from './annotation-index.ts'
import { readAnnotation } from './annotation-iparo.ts'

/** One note as the archive API gives it to the app. `text` is untrusted: the app shows it as text. */
export interface NoteRow {
  cid: string
  datetime: string
  text: string
  uri: string
  uriM: string
}

/** `GET /api/v1/archive/ARCHIVE/annotations?target=CID`: a memento's notes, and those that could not be read. */
export interface NotesReply {
  target: string
  annotations: NoteRow[]
  /** annotations the index names that are malformed or unreachable: never shown, only counted and named */
  unreadable: Array<{ cid: string, error: string }>
}

/** The `target` parameter, checked before anything is fetched (a bad request stays a 400 offline). */
export function notesQuery (params: URLSearchParams): { target: string } {
  const raw = params.get('target')
  if (raw == null || raw === '') throw new InvalidInputError('target (the memento IPARO CID) is required')
  try {
    return { target: CID.parse(raw).toString() }
  } catch (err) {
    throw new InvalidInputError(`target is not a CID: ${JSON.stringify(raw.slice(0, 100))}`, { cause: err })
  }
}

/** The notes of one memento: the index's key range, then each annotation IPARO read and checked (two blocks each). */
export async function notesReply (reader: ArchiveReader, target: string, signal?: AbortSignal): Promise<NotesReply> {
  const reply: NotesReply = { target, annotations: [], unreadable: [] }
  const root = reader.root.annotations
  if (root == null) return reply
  const index = await AnnotationIndex.open(reader.urls.blocks, root)
  const refs = await index.forTarget(target, { limit: MAX_LISTED, ...(signal != null ? { signal } : {}) })
  const read = await Promise.allSettled(refs.map(async ref => readAnnotation(reader.urls.blocks, CID.parse(ref.cid), signal != null ? { signal } : {})))
  read.forEach((r, i) => {
    const ref = refs[i] as AnnotationRef
    if (r.status === 'rejected') {
      reply.unreadable.push({ cid: ref.cid, error: r.reason instanceof Error ? r.reason.message : String(r.reason) })
    } else if (r.value.header.target.cid !== target || r.value.header.datetime !== ref.datetime) {
      // the index and the IPARO disagree: the index cannot make a note about one memento show on another
      reply.unreadable.push({ cid: ref.cid, error: 'the annotation is not about this memento' })
    } else {
      const { header, text } = r.value
      reply.annotations.push({ cid: ref.cid, datetime: header.datetime, text, uri: header.uri, uriM: header.target.uriM })
    }
  })
  return reply
}

/**
 * The annotations of each memento of a TimeMap, as the index names them (no IPARO read: these are links).
 * One key range per memento; the index's nodes are cached by its map, so a small index costs one leaf.
 */
export async function timemapAnnotations (reader: ArchiveReader, mementos: ReadonlyArray<{ cid: string }>, signal?: AbortSignal): Promise<Map<string, AnnotationRef[]>> {
  const out = new Map<string, AnnotationRef[]>()
  const root = reader.root.annotations
  if (root == null || mementos.length === 0) return out
  const index = await AnnotationIndex.open(reader.urls.blocks, root)
  for (const m of mementos) {
    const refs = await index.forTarget(m.cid, signal != null ? { signal } : {})
    if (refs.length > 0) out.set(m.cid, refs)
  }
  return out
}
