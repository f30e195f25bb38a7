import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import type { HasherFactory } from '../iparo/digests.ts'
import { fixtureBytes, fixtureUrl } from '../warc/fixtures.test-support.ts'
import type { MemoryBlockStore } from '../blocks.ts'
import type { ArchiveRoot } from './archive-root.ts'
import { ingestIntoArchive, type ArchiveIngestResult } from './ingest-into-archive.ts'

export const hashers: HasherFactory = (algorithm) => {
  const hash = createHash(algorithm)
  return { update: (b) => { hash.update(b) }, digest: () => new Uint8Array(hash.digest()) }
}

export const manifest = {
  title: 'test', description: '', created: '2026-01-01T00:00:00Z', publicKey: new Uint8Array([1]),
  software: 'iparo-test', formats: { iparo: 1, archive: 1 }
}

/** Every WARC fixture, as `ipwb/x.warc` names (the WACZ is not a WARC). */
export function allWarcFixtures (): string[] {
  return ['ipwb', 'pywb'].flatMap(dir => readdirSync(fixtureUrl(`${dir}/`)).filter(f => /\.warc(\.gz)?$/.test(f)).map(f => `${dir}/${f}`)).sort()
}

export async function * chunks (bytes: Uint8Array, size = 65_536): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

export async function ingestFixtures (store: MemoryBlockStore, names: string[], root?: ArchiveRoot, keepSecrets = false): Promise<ArchiveIngestResult> {
  return ingestIntoArchive({
    store,
    from: root != null ? { root } : { manifest },
    sources: names.map(name => ({ name, open: () => chunks(fixtureBytes(name)) })),
    hashers,
    keepSecrets,
    now: () => Date.UTC(2026, 0, 1)
  })
}

export async function ingestBytes (store: MemoryBlockStore, warc: Uint8Array, keepSecrets = false): Promise<ArchiveIngestResult> {
  return ingestIntoArchive({ store, from: { manifest }, sources: [{ name: 'inline.warc', open: () => chunks(warc) }], hashers, keepSecrets })
}
