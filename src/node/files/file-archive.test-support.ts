import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { fileURLToPath } from 'node:url'
import { manifest } from '../../core/archive/archive-test-support.ts'
import type { ArchiveRoot } from '../../core/archive/archive-root.ts'
import { MemoryBlockStore, type BlockGetter } from '../../core/blocks.ts'
import { addFilesToArchive } from '../../core/files/add-files-to-archive.ts'
import { readFileIparo } from '../../core/files/file-iparo.ts'
import { fixtureUrl } from '../../core/warc/fixtures.test-support.ts'
import { storeFileIparo, type StoredFile } from './store-file-iparo.ts'

export const fixturePath = (name: string): string => fileURLToPath(fixtureUrl(name))

/** An archive (new, or after `root`) whose `files` lists the fixtures given, each stored whole. */
export async function fileArchive (names: string[], store = new MemoryBlockStore(), root?: ArchiveRoot): Promise<{ store: MemoryBlockStore, rootCid: CID, stored: StoredFile[] }> {
  const stored: StoredFile[] = []
  for (const name of names) stored.push(await storeFileIparo(store, fixturePath(name)))
  const items = stored.map(f => ({ iparo: f.iparo, index: f.index, name: f.name }))
  const { cid } = await addFilesToArchive(store, root != null ? { root } : { manifest }, items, '2026-01-01T00:00:00Z')
  return { store, rootCid: cid, stored }
}

/** A block getter that records the CIDs read through it, in order. */
export function recordingBlocks (inner: BlockGetter): BlockGetter & { read: string[] } {
  const getter = {
    read: [] as string[],
    async get (cid: CID, options?: { signal?: AbortSignal }) {
      getter.read.push(cid.toString())
      return inner.get(cid, options)
    }
  }
  return getter
}

/** Every block of a whole-file IPARO's file DAG (not its root with the header, nor its index). */
export async function fileBlocks (store: MemoryBlockStore, iparo: CID): Promise<Set<string>> {
  const out = new Set<string>()
  const walk = async (cid: CID): Promise<void> => {
    out.add(cid.toString())
    if (cid.code === dagPb.code) for (const link of dagPb.decode(await store.get(cid)).Links) await walk(link.Hash)
  }
  await walk((await readFileIparo(store, iparo)).file.cid)
  return out
}

