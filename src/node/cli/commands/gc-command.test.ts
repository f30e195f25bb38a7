import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { ArchiveRegistry } from '../../archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../../embedded-store.ts'
import type { SpillSetOptions } from '../../export/spill-set.ts'
import { PinStore } from '../../pins/pin-store.ts'
import type { CommandContext } from '../command.ts'
import { collect } from './gc-command.ts'

async function put (store: EmbeddedStore, value: unknown): Promise<CID> {
  const isText = typeof value === 'string'
  const bytes = isText ? new TextEncoder().encode(value) : dagCbor.encode(value)
  const cid = CID.createV1(isText ? raw.code : dagCbor.code, await sha256.digest(bytes))
  await store.blocks.put(cid, bytes)
  return cid
}

/** Two archives sharing part of their DAGs, a pin, and loose blocks; returns what must stay and what must go. */
async function fill (store: EmbeddedStore): Promise<{ live: CID[], dead: CID[] }> {
  const leaves = await Promise.all(Array.from({ length: 240 }, async (_, i) => put(store, `leaf ${i}`)))
  const nodes = await Promise.all(Array.from({ length: 20 }, async (_, i) => put(store, { leaves: leaves.slice(i * 10, i * 10 + 15) })))
  const registry = new ArchiveRegistry(store)
  const rootA = await put(store, { kids: nodes.slice(0, 14) })
  const rootB = await put(store, { kids: nodes.slice(8, 20) })
  await registry.create('a')
  await registry.create('b')
  await registry.setRoot('a', rootA)
  await registry.setRoot('b', rootB)
  const pinned = await Promise.all(Array.from({ length: 50 }, async (_, i) => put(store, `pinned ${i}`)))
  const pinRoot = await put(store, { pinned, shared: leaves[3] })
  await new PinStore(store).add({ cid: pinRoot, source: 'pinning-api', status: 'pinned' })
  const dead = await Promise.all(Array.from({ length: 100 }, async (_, i) => put(store, `loose ${i}`)))
  // leaves 205–239 are linked by no node
  dead.push(...leaves.slice(205))
  return { live: [...leaves.slice(0, 205), ...nodes, rootA, rootB, ...pinned, pinRoot], dead }
}

async function gc (store: EmbeddedStore, dryRun: boolean, spill?: SpillSetOptions): Promise<Record<string, unknown>> {
  let out = ''
  const ctx: CommandContext = { stdout: { write: (t) => { out += String(t) } }, stderr: { write: () => {} }, env: {}, pipeOut: async () => {} }
  await collect(store, new PinStore(store), { grace: 0, dryRun, json: true, spill }, ctx)
  return JSON.parse(out) as Record<string, unknown>
}

describe('iparo gc with its sets on disk', () => {
  it('deletes exactly the unreachable blocks when the live set spills at every few keys', async () => {
    const store = await openEmbeddedStore(mkdtempSync(join(tmpdir(), 'iparo-gc-spill-')))
    try {
      const { live, dead } = await fill(store)
      const inMemory = await gc(store, true)
      // 4 keys in memory, a 64-bit filter (always "maybe"): nearly every answer comes from runs on disk
      const spilled = await gc(store, false, { memoryKeys: 4, fanIn: 2, bloomBits: 64 })
      expect(spilled).toMatchObject({ archives: 2, pins: 1, reachable: live.length, kept: live.length })
      // besides `dead`, the first roots `create` made (replaced by setRoot) go
      expect(spilled.deleted).toBe(dead.length + 3)
      expect(inMemory).toMatchObject({ reachable: spilled.reachable, kept: spilled.kept, deleted: spilled.deleted })
      for (const cid of live) expect(await store.blocks.has(cid)).toBe(true)
      for (const cid of dead) expect(await store.blocks.has(cid)).toBe(false)
    } finally {
      await store.close()
    }
  })
})
