import { CID } from 'multiformats/cid'
import { MemoryBlockStore } from '../blocks.ts'
import { readIparo } from '../iparo/iparo-root.ts'
import { collectBytes } from '../bytes.ts'
import { ingestBytes, ingestFixtures } from '../archive/archive-test-support.ts'
import type { ArchiveIngestResult } from '../archive/ingest-into-archive.ts'
import { exportMementos, type ExportSelection } from './export-order.ts'
import { writeWarc, type GzipMember, type WrittenMemento } from './warc-writer.ts'

export interface Exported {
  store: MemoryBlockStore
  ingest: ArchiveIngestResult
  warc: Uint8Array
  written: WrittenMemento[]
}

/** Fixtures ingested into a fresh in-memory archive, then exported as one WARC. */
export async function exportFixtures (names: string[], selection: ExportSelection = { kind: 'all' }, gzip?: GzipMember): Promise<Exported> {
  const store = new MemoryBlockStore()
  const ingest = await ingestFixtures(store, names)
  const written: WrittenMemento[] = []
  const warc = await collectBytes(writeWarc(store, exportMementos(store, ingest.rootCid, selection), { gzip, onMemento: w => { written.push(w) } }))
  return { store, ingest, warc, written }
}

/** The (plain) exported WARC ingested into a new archive. */
export async function reingest (warc: Uint8Array, store = new MemoryBlockStore()): Promise<ArchiveIngestResult> {
  return ingestBytes(store, warc)
}

/** How many of these IPAROs are made from revisit records. */
export async function revisitCount (store: MemoryBlockStore, cids: string[]): Promise<number> {
  let n = 0
  for (const cid of cids) if ((await readIparo(store, CID.parse(cid))).header.record.type === 'revisit') n++
  return n
}

export const cidsOf = (result: ArchiveIngestResult): string[] => result.summary.iparos.map(i => i.cid).sort()
