/**
 * The core ingest of fixture crawls into a store, with a namespacing of the caller's: what gives the
 * bench real IPARO roots (the headers, pieces and sizes of real mementos), without the CLI.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { CID } from 'multiformats/cid'
import type { BlockStore } from '../../src/core/blocks.ts'
import { ArchiveWriter } from '../../src/core/archive/archive-writer.ts'
import { DedupSink } from '../../src/core/ingest/dedup-sink.ts'
import { IngestRun, type IngestSummary } from '../../src/core/ingest/ingest-run.ts'
import type { HasherFactory } from '../../src/core/iparo/digests.ts'
import type { Namespacing } from '../../src/core/namespace/namespacing.ts'
import type { PackBlockstore } from '../../src/node/pack-store/pack-blockstore.ts'

export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url).pathname

const hashers: HasherFactory = (algorithm) => {
  const hash = createHash(algorithm)
  return { update: (b) => { hash.update(b) }, digest: () => new Uint8Array(hash.digest()) }
}

const manifest = {
  title: 'namespace bench', description: '', created: '2026-01-01T00:00:00Z', publicKey: new Uint8Array([1]),
  software: 'iparo-bench', formats: { iparo: 1, archive: 1 }
}

/** A fixture's decompressed bytes (by content: a gzip member is inflated whatever the name says). */
export function fixtureBytes (name: string): Uint8Array {
  const bytes = readFileSync(`${FIXTURES}${name}`)
  return new Uint8Array(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes)
}

async function * chunks (bytes: Uint8Array, size = 65_536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

/** Ingests fixture crawls (names under ../shared/fixtures) into `store` as one archive, committed: its root's CID. */
export async function ingestFixtures (store: BlockStore, names: string[], namespacing: Namespacing): Promise<{ summary: IngestSummary, rootCid: CID }> {
  const sink = new DedupSink(store)
  const writer = await ArchiveWriter.open(sink, { manifest })
  const run = new IngestRun({ sink, hashers, writer, namespacing })
  for (const name of names) await run.addWarc(chunks(fixtureBytes(name)), name)
  const summary = await run.finish()
  const { cid } = await writer.commit(names, '2026-01-01T00:00:00Z')
  await sink.drain()
  return { summary, rootCid: cid }
}

/** A pack store as the core's BlockStore (the CLI's embedded store does the same). */
export function packAsBlockStore (pack: PackBlockstore): BlockStore {
  return {
    get: async (cid) => pack.getBytes(cid),
    put: async (cid, bytes) => { await pack.put(cid, bytes) },
    has: async (cid) => pack.has(cid)
  }
}
