import { CID } from 'multiformats/cid'
import { getCbor, putCbor } from '../archive/archive-root.ts'
import type { BlockGetter } from '../blocks.ts'
import { ArchiveError } from '../errors.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'

/** One whole-file IPARO of an archive: real IPLD links, so pinning the root keeps the file and its index. */
export interface FileListItem {
  iparo: CID
  index: CID
  name: string
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The archive's `files` node: `{ type: 'iparo-files', files: [{ iparo, index, name }] }`, in ingest order. */
export async function readFileList (blocks: BlockGetter, cid: CID | undefined): Promise<FileListItem[]> {
  if (cid == null) return []
  const node = await getCbor(blocks, cid)
  if (!isRecord(node) || node.type !== 'iparo-files' || !Array.isArray(node.files)) throw new ArchiveError(`${cid.toString()} is not a file list`)
  return node.files.map((f: unknown) => {
    const iparo = isRecord(f) ? CID.asCID(f.iparo) : null
    const index = isRecord(f) ? CID.asCID(f.index) : null
    if (!isRecord(f) || iparo == null || index == null || typeof f.name !== 'string') throw new ArchiveError(`${cid.toString()}: malformed file list item`)
    return { iparo, index, name: f.name }
  })
}

/** A new list with `added` after the current items (an IPARO already listed is not listed twice). */
export async function appendFileList (sink: BlockSink, blocks: BlockGetter, current: CID | undefined, added: FileListItem[]): Promise<CID> {
  const files = await readFileList(blocks, current)
  for (const item of added) {
    if (!files.some(f => f.iparo.equals(item.iparo))) files.push(item)
  }
  return putCbor(sink, { type: 'iparo-files', files })
}
