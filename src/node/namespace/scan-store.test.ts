import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hasPrefix, type NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { openEmbeddedStore } from '../embedded-store.ts'
import { PackBlockstore } from '../pack-store/pack-blockstore.ts'
import { embeddedCandidates, scanLegacyFolder, scanPackStore } from './scan-store.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'iparo-scan-store-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

// 3 bits: about one block in eight is a candidate
const PREFIX: NamespacePrefix = { bytes: Uint8Array.of(0b1010_0000), bits: 3 }

async function blocks (n: number, from = 0): Promise<Array<{ cid: CID, bytes: Uint8Array }>> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const bytes = new TextEncoder().encode(`block ${from + i}`)
    return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
  }))
}

const matching = (all: Array<{ cid: CID }>): string[] => all.filter(b => hasPrefix(b.cid.multihash.digest, PREFIX)).map(b => b.cid.multihash.toString()).sort()
const multihashes = (cids: CID[]): string[] => cids.map(c => c.multihash.toString()).sort()

describe('scanning the data folder\'s keys by prefix', () => {
  it('finds exactly the pack store\'s blocks with the prefix, as dag-pb CIDs, without reading them', async () => {
    const all = await blocks(400)
    const store = new PackBlockstore(join(dir, 'packs'))
    await store.open()
    for (const b of all) await store.put(b.cid, b.bytes)
    const found = await scanPackStore(store, [PREFIX])
    expect(matching(all).length).toBeGreaterThan(20)
    expect(multihashes(found)).toEqual(matching(all))
    expect(found.every(c => c.code === 0x70 && c.version === 1)).toBe(true)
    await store.close()
  })

  it('takes in blocks another process appended since the reader opened', async () => {
    const reader = new PackBlockstore(join(dir, 'packs'))
    await reader.open()
    expect(await scanPackStore(reader, [PREFIX])).toEqual([])
    const writer = new PackBlockstore(join(dir, 'packs'))
    await writer.open()
    const all = await blocks(100)
    for (const b of all) await writer.put(b.cid, b.bytes)
    await writer.sync()
    expect(multihashes(await scanPackStore(reader, [PREFIX]))).toEqual(matching(all))
    await writer.close()
    await reader.close()
  })

  it('lists a legacy blocks/ folder too, by its file names', async () => {
    const legacy = new FsBlockstore(join(dir, 'blocks'))
    await legacy.open()
    const old = await blocks(100, 1000)
    for (const b of old) await legacy.put(b.cid, b.bytes)
    await legacy.close()
    expect(multihashes(await scanLegacyFolder(join(dir, 'blocks'), [PREFIX]))).toEqual(matching(old))
    expect(await scanLegacyFolder(join(dir, 'none'), [PREFIX])).toEqual([])

    const store = await openEmbeddedStore(dir)
    const fresh = await blocks(100)
    for (const b of fresh) await store.blocks.put(b.cid, b.bytes)
    const found = await embeddedCandidates(store)([PREFIX])
    expect(multihashes([...found])).toEqual([...matching(old), ...matching(fresh)].sort())
    await store.close()
  })
})
