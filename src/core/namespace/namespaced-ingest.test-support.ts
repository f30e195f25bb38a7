import { createHash } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import type { ArchiveRoot } from '../archive/archive-root.ts'
import { chunks, hashers, manifest } from '../archive/archive-test-support.ts'
import { ArchiveWriter } from '../archive/archive-writer.ts'
import type { ArchiveIngestResult } from '../archive/ingest-into-archive.ts'
import { fromEpochMs } from '../datetime.ts'
import type { BlockStore, MemoryBlockStore } from '../blocks.ts'
import { DedupSink } from '../ingest/dedup-sink.ts'
import { IngestRun } from '../ingest/ingest-run.ts'
import type { SyncHash } from './grind-nonce.ts'
import { namespaceClaim, type NamespaceLayout } from './namespace-layout.ts'
import { hasPrefix } from './namespace-prefix.ts'
import type { CandidateSource } from './namespace-scan.ts'
import { inlineGrinder } from './namespacing.ts'

export const syncSha256: SyncHash = (bytes) => new Uint8Array(createHash('sha256').update(bytes).digest())

/**
 * One ingest of WARCs (name, bytes) into an archive whose IPAROs are ground into `layout`, on this
 * thread, as `iparo ingest --namespace` does (ingestIntoArchive, with the run's namespacing).
 */
export async function ingestNamespaced (store: BlockStore, files: Array<{ name: string, bytes: Uint8Array }>, layout: NamespaceLayout, root?: ArchiveRoot): Promise<ArchiveIngestResult> {
  const sink = new DedupSink(store)
  const namespace = namespaceClaim(layout)
  // the manifest records the layout, as `iparo ingest --namespace` records it
  const from = root != null ? { root: { ...root, manifest: { ...root.manifest, namespace } } } : { manifest: { ...manifest, namespace } }
  const writer = await ArchiveWriter.open(sink, from)
  const run = new IngestRun({ sink, hashers, writer, namespacing: { layout, grind: inlineGrinder(syncSha256) } })
  for (const f of files) await run.addWarc(chunks(f.bytes), f.name)
  const summary = await run.finish()
  const { cid, root: written } = await writer.commit(files.map(f => f.name), fromEpochMs(Date.UTC(2026, 0, 1)))
  await sink.drain()
  return { summary, rootCid: cid, root: written }
}

/** The memory store's candidates, found as the node's key scan finds them (node/namespace/scan-keys.ts), the simple way. */
export function memoryCandidates (store: MemoryBlockStore): CandidateSource {
  return async (prefixes) => {
    const out: CID[] = []
    for (const key of store.blocks.keys()) {
      const mh = Uint8Array.from(key, c => c.charCodeAt(0))
      if (mh.byteLength !== 34 || mh[0] !== 0x12 || mh[1] !== 0x20) continue
      if (prefixes.some(p => hasPrefix(mh, p, 2))) out.push(CID.createV1(dagPb.code, Digest.decode(mh)))
    }
    return out
  }
}
