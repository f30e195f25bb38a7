import type { CID } from 'multiformats/cid'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { ingestFixtures } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'

export const REPLAY = { origin: 'http://127.0.0.1:8420', archive: 'k51test' }

/** An archive of ipwb's five mementos of http://memento.us/, and their CIDs in time order. */
export async function fiveMementos (): Promise<{ store: MemoryBlockStore, rootCid: CID, mementos: Array<{ cid: string, datetime: string }> }> {
  const store = new MemoryBlockStore()
  const { rootCid } = await ingestFixtures(store, ['ipwb/5mementos.warc'])
  const reader = await ArchiveReader.open(store, rootCid)
  const entry = await reader.lookup('http://memento.us/')
  if (entry == null) throw new Error('fixture not ingested')
  const { mementos } = await reader.timemap(entry)
  return { store, rootCid, mementos: mementos.map(m => ({ cid: m.cid, datetime: m.datetime })) }
}
