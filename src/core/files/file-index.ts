import type { CID } from 'multiformats/cid'
import { CID as CIDClass } from 'multiformats/cid'
import { getCbor, putCbor } from '../archive/archive-root.ts'
import type { BlockGetter } from '../blocks.ts'
import { InvalidIparoError } from '../errors.ts'
import type { BlockSink } from '../iparo/kubo-import.ts'
import { decodeEntry, encodeEntry, type FileIndexEntry } from './file-index-entry.ts'

/**
 * Entries per leaf and children per branch. A lookup reads one node per level: with these, an index of
 * up to 64 × 256 = 16,384 records is two nodes (a leaf alone up to 64), and a leaf stays near 10 KiB
 * (docs/whole-file-iparos.md, "Index").
 */
export const LEAF_ENTRIES = 64
export const BRANCH_CHILDREN = 256

/** Index keys sort by UTF-16 code unit, as JavaScript compares strings (the order the URL map's SURTs need here is only equality and prefix). */
const byKey = (a: FileIndexEntry, b: FileIndexEntry): number => a.key < b.key ? -1 : a.key > b.key ? 1 : a.offset - b.offset

/**
 * Writes the index as a B-tree of dag-cbor nodes built bottom up: leaves `{ entries }` of
 * LEAF_ENTRIES sorted entries, branches `{ keys, children }` naming each child's first key. Returns
 * the root node's CID. The same entries always give the same CID.
 */
export async function writeFileIndex (sink: BlockSink, entries: FileIndexEntry[]): Promise<CID> {
  const sorted = [...entries].sort(byKey)
  let level: Array<{ key: string, cid: CID }> = []
  for (let i = 0; i < sorted.length || i === 0; i += LEAF_ENTRIES) {
    const slice = sorted.slice(i, i + LEAF_ENTRIES)
    level.push({ key: slice[0]?.key ?? '', cid: await putCbor(sink, { entries: slice.map(encodeEntry) }) })
  }
  while (level.length > 1) {
    const up: Array<{ key: string, cid: CID }> = []
    for (let i = 0; i < level.length; i += BRANCH_CHILDREN) {
      const slice = level.slice(i, i + BRANCH_CHILDREN)
      up.push({ key: slice[0]?.key ?? '', cid: await putCbor(sink, { keys: slice.map(c => c.key), children: slice.map(c => c.cid) }) })
    }
    level = up
  }
  const root = level[0]
  if (root == null) throw new Error('writeFileIndex built no root')
  return root.cid
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Every entry whose key lies in [lo, hi), in key order, reading only the nodes whose key ranges meet
 * it. Nodes are verified (getCbor) and checked; keys out of order are an InvalidIparoError.
 */
export async function scanFileIndex (blocks: BlockGetter, root: CID, lo: string, hi: string, depth = 0): Promise<FileIndexEntry[]> {
  if (depth > 8) throw new InvalidIparoError(`${root.toString()}: index deeper than any index this writer makes`)
  const node = await getCbor(blocks, root)
  const where = `index node ${root.toString()}`
  if (isRecord(node) && Array.isArray(node.entries)) {
    const entries = node.entries.map(e => decodeEntry(e, where))
    for (let i = 1; i < entries.length; i++) {
      if ((entries[i - 1] as FileIndexEntry).key > (entries[i] as FileIndexEntry).key) throw new InvalidIparoError(`${where}: entries out of order`)
    }
    return entries.filter(e => e.key >= lo && e.key < hi)
  }
  if (!isRecord(node) || !Array.isArray(node.keys) || !Array.isArray(node.children) || node.keys.length !== node.children.length) {
    throw new InvalidIparoError(`${where} is neither an index leaf nor a branch`)
  }
  const keys = node.keys as unknown[]
  const out: FileIndexEntry[] = []
  for (let i = 0; i < keys.length; i++) {
    const from = keys[i]
    const to = keys[i + 1]
    const child = CIDClass.asCID(node.children[i])
    if (typeof from !== 'string' || child == null || (to !== undefined && typeof to !== 'string')) throw new InvalidIparoError(`${where}: malformed branch`)
    if (typeof to === 'string' && to < from) throw new InvalidIparoError(`${where}: keys out of order`)
    // child i holds keys from `from` up to `to` (inclusive: equal keys may straddle two leaves)
    if (from >= hi || (typeof to === 'string' && to < lo)) continue
    out.push(...(await scanFileIndex(blocks, child, lo, hi, depth + 1)))
  }
  return out
}
