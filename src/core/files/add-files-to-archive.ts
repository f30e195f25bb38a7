import type { CID } from 'multiformats/cid'
import { writeArchiveRoot, type ArchiveRoot, type Manifest } from '../archive/archive-root.ts'
import { ArchiveWriter } from '../archive/archive-writer.ts'
import type { BlockStore } from '../blocks.ts'
import type { Datetime } from '../datetime.ts'
import { appendFileList, type FileListItem } from './file-list.ts'

/**
 * A new archive root listing `items` under `files` (after those listed already), everything else as
 * it was; a new archive is made from `manifest` with an empty URL map. Every block is in `store` when
 * this returns.
 */
export async function addFilesToArchive (store: BlockStore, from: { root: ArchiveRoot } | { manifest: Manifest }, items: FileListItem[], created: Datetime): Promise<{ cid: CID, root: ArchiveRoot }> {
  const writer = await ArchiveWriter.open(store, from)
  // no mementos: the URL map and ingest log stay as they were (a new archive gets an empty map)
  const { root } = await writer.commit([], created)
  const files = await appendFileList(store, store, root.files, items)
  const next: ArchiveRoot = { ...root, files }
  return { cid: await writeArchiveRoot(store, next), root: next }
}
