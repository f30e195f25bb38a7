import { CID } from 'multiformats/cid'
import { annotateArchive, holdsMemento } from '../../core/annotations/annotate-archive.ts'
import type { Annotation } from '../../core/annotations/annotation-iparo.ts'
import { ArchiveReader } from '../../core/archive/archive-reader.ts'
import { fromEpochMs } from '../../core/datetime.ts'
import { InvalidInputError, NotFoundError } from '../../core/errors.ts'
import { readIparo } from '../../core/iparo/iparo-root.ts'
import type { ArchiveRecord, ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'

export interface AnnotateLocalOptions {
  /** a local archive name, or the IPNS name of a local archive (an app that opened it by key) */
  archive: string
  /** the memento IPARO's CID */
  target: string
  text: string
  /** the origin the annotation's URI-M names: the node's app origin (it replays URI-Ms too) */
  replayOrigin: string
  now?: () => number
}

/** The local archive a name stands for: its local name, or the IPNS name of one of them. */
export async function localArchive (registry: ArchiveRegistry, name: string): Promise<ArchiveRecord> {
  const record = await registry.get(name) ?? (await registry.list()).find(a => a.ipns === name)
  if (record == null) throw new NotFoundError(`no archive named ${JSON.stringify(name)} here: notes are written to archives of this node only`)
  return record
}

/**
 * Annotates a memento of a local archive and publishes the archive's new root, as an ingest does: the
 * archives lock is held from reading the root to signing the record, so no concurrent writer's work is lost.
 */
export async function annotateLocalArchive (store: EmbeddedStore, registry: ArchiveRegistry, o: AnnotateLocalOptions): Promise<{ record: ArchiveRecord, annotation: Annotation }> {
  return store.locks.archives.run(async () => {
    const before = await localArchive(registry, o.archive)
    const { rootCid, annotation } = await annotateArchive({
      store: store.blocks,
      rootCid: CID.parse(before.root),
      target: o.target,
      text: o.text,
      created: fromEpochMs((o.now ?? Date.now)()),
      replay: { origin: o.replayOrigin, archive: before.ipns }
    })
    // setRoot stores the blocks, then the name, then a signed IPNS record (sequence + 1) that `iparo serve` republishes
    return { record: await registry.setRoot(before.name, rootCid), annotation }
  })
}

/** The local archives whose URL maps reach this memento (for `iparo annotate` without --archive). */
export async function archivesHolding (store: EmbeddedStore, registry: ArchiveRegistry, target: string): Promise<ArchiveRecord[]> {
  let cid: CID
  try {
    cid = CID.parse(target)
  } catch (err) {
    throw new InvalidInputError(`not a CID: ${JSON.stringify(target.slice(0, 100))}`, { cause: err })
  }
  const memento = await readIparo(store.blocks, cid).catch((err: unknown) => {
    throw new NotFoundError(`${target} is not a memento IPARO held here`, { cause: err })
  })
  const out: ArchiveRecord[] = []
  for (const record of await registry.list()) {
    const reader = await ArchiveReader.open(store.blocks, CID.parse(record.root))
    if (await holdsMemento(reader, cid.toString(), memento.header).catch(() => false)) out.push(record)
  }
  return out
}
