/**
 * Part 3's input: a pack store (the CLI's block store) of N blocks, made fast: a few fixture crawls
 * ingested with their IPAROs ground into a layout (the "true" captures a scan must find), then random
 * small raw blocks up to N (what collides with a URL's prefix by chance, as any block may).
 */
import { randomFillSync } from 'node:crypto'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { decodeIparo } from '../../src/core/iparo/iparo-root.ts'
import type { NamespaceLayout } from '../../src/core/namespace/namespace-layout.ts'
import { inlineGrinder, type NonceGrinder } from '../../src/core/namespace/namespacing.ts'
import { PackBlockstore } from '../../src/node/pack-store/pack-blockstore.ts'
import { ingestFixtures, packAsBlockStore } from './fixture-ingest.ts'
import { sha256Digest } from '../../src/node/node-sha2.ts'

/** The crawls whose captures are ground into the layout: 8 mementos of 3 URLs. */
export const TRUE_FIXTURES = ['ipwb/5mementos.warc', 'ipwb/2mementos_queryString.warc', 'ipwb/salam-home.warc']

export interface SyntheticStore {
  dir: string
  blocks: number
  /** URL → its captures ground into the layout, as the ingest built them */
  truth: Map<string, number>
  /** the ingest's archive root: the URL-map path to the same captures, for reference */
  archiveRoot: string
  buildSeconds: number
}

/** A grinder that also notes each ground root's URL (from its header). */
function notingGrinder (truth: Map<string, number>): NonceGrinder {
  const grind = inlineGrinder(sha256Digest)
  return async (root, nonceAt, prefix) => {
    const ground = await grind(root, nonceAt, prefix)
    const uri = decodeIparo(CID.createV1(dagPb.code, Digest.create(0x12, sha256Digest(ground))), ground).header.uri
    truth.set(uri, (truth.get(uri) ?? 0) + 1)
    return ground
  }
}

const BLOCK_BYTES = 48
const BATCH = 8192
const SYNC_EVERY_BATCHES = 8

/** Puts `count` random raw blocks of BLOCK_BYTES into `store`. */
async function fillRandom (store: PackBlockstore, count: number): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done)
    // a buffer per batch, never reused (the store keeps the bytes until they are written), and views
    // of it: an ArrayBuffer per block costs V8 more than the rest of a put
    const buffer = randomFillSync(new Uint8Array(BLOCK_BYTES * n))
    const puts: Array<Promise<CID>> = []
    for (let i = 0; i < n; i++) {
      const bytes = buffer.subarray(i * BLOCK_BYTES, (i + 1) * BLOCK_BYTES)
      puts.push(store.put(CID.createV1(raw.code, Digest.create(0x12, sha256Digest(bytes))), bytes))
    }
    await Promise.all(puts)
    // the store keeps each record's CID until its index entry is written: sync lets them go (without,
    // 1M blocks took 1.5 GB and minutes of garbage collection)
    if ((done / BATCH) % SYNC_EVERY_BATCHES === SYNC_EVERY_BATCHES - 1) await store.sync()
  }
}

/** Builds the store in `dir` (fresh), closed when this returns. */
export async function buildSyntheticStore (dir: string, blocks: number, layout: NamespaceLayout): Promise<SyntheticStore> {
  const start = performance.now()
  const store = new PackBlockstore(dir)
  await store.open()
  const truth = new Map<string, number>()
  const { rootCid } = await ingestFixtures(packAsBlockStore(store), TRUE_FIXTURES, { layout, grind: notingGrinder(truth) })
  const held = (await store.keysWithDigestPrefixes([{ bytes: new Uint8Array(0), bits: 0 }])).length
  if (held > blocks) throw new Error(`the true captures' ingest alone stores ${held} blocks, more than ${blocks}`)
  await fillRandom(store, blocks - held)
  await store.sync()
  const stored = (await store.keysWithDigestPrefixes([{ bytes: new Uint8Array(0), bits: 0 }])).length
  await store.close()
  return { dir, blocks: stored, truth, archiveRoot: rootCid.toString(), buildSeconds: (performance.now() - start) / 1000 }
}
