import { CID } from 'multiformats/cid'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { writeArchiveRoot } from '../archive/archive-root.ts'
import type { BlockStore } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import { InvalidInputError, NotFoundError } from '../errors.ts'
import { readIparo } from '../iparo/iparo-root.ts'
import type { IparoHeader } from '../iparo/iparo-header.ts'
import { MementoUrls } from '../replay/memento-urls.ts'
import { AnnotationIndex } from './annotation-index.ts'
import { buildAnnotation, type Annotation } from './annotation-iparo.ts'

export interface AnnotateArchiveOptions {
  store: BlockStore
  /** the archive's current root (the caller holds the archive's write lock from reading it to publishing) */
  rootCid: CID
  /** the memento IPARO to annotate: it must be in this archive */
  target: string
  text: string
  created: Datetime
  /** the archive's URI-Ms: a replay origin, and the archive as it is named there (its IPNS name, so the URI-M works anywhere) */
  replay: { origin: string, archive: string }
}

function parseTarget (target: string): CID {
  try {
    return CID.parse(target)
  } catch (err) {
    throw new InvalidInputError(`not a CID: ${JSON.stringify(target.slice(0, 100))}`, { cause: err })
  }
}

/** Whether the archive's URL map reaches this memento (its URL's versions include it). */
export async function holdsMemento (reader: ArchiveReader, cid: string, header: IparoHeader): Promise<boolean> {
  const entry = (header.key != null ? await reader.urls.get(header.key) : undefined) ?? await reader.lookup(header.uri)
  if (entry == null) return false
  const found = await reader.resolve(entry, header.datetime)
  if (found.memento?.cid === cid) return true
  // another capture at the same instant was closer: the full list settles it
  return (await reader.timemap(entry)).mementos.some(m => m.cid === cid)
}

/**
 * Annotates one memento of an archive: builds the annotation IPARO, adds it to the archive's annotation
 * index and writes the new root (every other field carried over). Never touches the memento. Returns the
 * new root CID for the caller to publish.
 */
export async function annotateArchive (o: AnnotateArchiveOptions): Promise<{ rootCid: CID, annotation: Annotation }> {
  const target = parseTarget(o.target)
  const reader = await ArchiveReader.open(o.store, o.rootCid)
  const memento = await readIparo(o.store, target).catch((err: unknown) => {
    throw new NotFoundError(`${o.target} is not a memento IPARO held here`, { cause: err })
  })
  const id = target.toString()
  if (!await holdsMemento(reader, id, memento.header)) throw new NotFoundError(`memento ${id} is not in this archive`)
  const { uri, datetime } = memento.header
  const uriM = new MementoUrls(o.replay.origin, '/', o.replay.archive).memento(datetime, uri)
  const built = await buildAnnotation({
    target: { cid: id, uriM, datetime, uri, ...(memento.header.record.id != null ? { recordId: memento.header.record.id } : {}) },
    text: o.text,
    created: o.created
  }, o.store)
  const annotation: Annotation = { cid: built.cid, header: built.header, text: built.text }
  const annotations = await AnnotationIndex.add(o.store, reader.root.annotations, [annotation])
  const rootCid = await writeArchiveRoot(o.store, { ...reader.root, annotations })
  return { rootCid, annotation }
}
