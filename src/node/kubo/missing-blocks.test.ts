import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { SpillSet } from '../export/spill-set.ts'
import { SpillCidQueue } from './cid-queue.ts'
import { missingBlocks, noCounts, type MissingBlockCounts, type WalkSpace } from './missing-blocks.ts'

/** The generator run to its end: what it yielded, and its counts. */
async function find (...args: [Parameters<typeof missingBlocks>[0], CID[], Parameters<typeof missingBlocks>[2], Set<string>, WalkSpace?]): Promise<MissingBlockCounts & { missing: Array<{ cid: CID, size: number }> }> {
  const [blocks, roots, target, pinned, space] = args
  const counts = noCounts()
  const missing: Array<{ cid: CID, size: number }> = []
  for await (const m of missingBlocks(blocks, roots, target, pinned, counts, space)) missing.push(m)
  return { ...counts, missing }
}

/** A two-level DAG: a root linking `branches` nodes, each linking `leaves` raw blocks of its own. */
async function tree (store: MemoryBlockStore, branches: number, leaves: number): Promise<{ root: CID, branchCids: CID[], all: CID[] }> {
  const put = async (bytes: Uint8Array, code: number): Promise<CID> => {
    const cid = CID.createV1(code, await sha256.digest(bytes))
    await store.put(cid, bytes)
    return cid
  }
  const all: CID[] = []
  const branchCids: CID[] = []
  for (let b = 0; b < branches; b++) {
    const leafCids = []
    for (let l = 0; l < leaves; l++) leafCids.push(await put(new TextEncoder().encode(`leaf ${b}/${l}`), raw.code))
    const branch = await put(dagCbor.encode({ leafCids }), dagCbor.code)
    branchCids.push(branch)
    all.push(branch, ...leafCids)
  }
  const root = await put(dagCbor.encode({ branchCids }), dagCbor.code)
  return { root, branchCids, all: [root, ...all] }
}

const keys = (cids: CID[]): string[] => cids.map(String).sort()

describe('missingBlocks', () => {
  it('names exactly the blocks a target store lacks, and skips a subtree pinned there', async () => {
    const local = new MemoryBlockStore()
    const { root, branchCids, all } = await tree(local, 3, 4)
    const there = new MemoryBlockStore()
    // the target holds the second branch node but only half its leaves (a block held says nothing of its children)
    const second = branchCids[1] as CID
    await there.put(second, await local.get(second))
    const secondLeaves = (dagCbor.decode(await local.get(second)) as { leafCids: CID[] }).leafCids
    for (const leaf of secondLeaves.slice(0, 2)) await there.put(leaf, await local.get(leaf))
    const target = { hasBlock: async (cid: CID) => there.has(cid) }

    const found = await find(local, [root], target, new Set())
    const held = new Set([second, ...secondLeaves.slice(0, 2)].map(String))
    expect(keys(found.missing.map(m => m.cid))).toEqual(keys(all.filter(cid => !held.has(cid.toString()))))
    expect(found).toMatchObject({ checked: all.length, present: 3, unchecked: 0, pinnedSubtrees: 0 })

    // the third branch pinned there: none of its blocks is asked about or sent
    const third = branchCids[2] as CID
    const thirdBlocks = [third, ...(dagCbor.decode(await local.get(third)) as { leafCids: CID[] }).leafCids]
    const pruned = await find(local, [root], target, new Set([third.toV1().toString()]))
    expect(pruned.pinnedSubtrees).toBe(1)
    expect(pruned.checked).toBe(all.length - thirdBlocks.length)
    for (const cid of thirdBlocks) expect(pruned.missing.map(m => m.cid.toString())).not.toContain(cid.toString())
  })

  it('stops asking after a long run of blocks the target lacks, and sends the rest unasked', async () => {
    const local = new MemoryBlockStore()
    const { root, all } = await tree(local, 4, 100)
    const empty = new MemoryBlockStore()
    let asked = 0
    const found = await find(local, [root], { hasBlock: async (cid) => { asked++; return empty.has(cid) } }, new Set())
    expect(keys(found.missing.map(m => m.cid))).toEqual(keys(all))
    expect(found.checked).toBe(asked)
    expect(found.checked).toBeLessThan(all.length)
    expect(found.checked + found.unchecked).toBe(all.length)
  })

  it('finds the same blocks in the same order with its walk on disk (tiny sets and queue segments)', async () => {
    const local = new MemoryBlockStore()
    const { root } = await tree(local, 6, 30)
    const there = new MemoryBlockStore()
    // every third block is there already
    const all = (await find(local, [root], { hasBlock: async () => false }, new Set())).missing
    for (const [i, { cid }] of all.entries()) if (i % 3 === 0) await there.put(cid, await local.get(cid))
    const target = { hasBlock: async (cid: CID) => there.has(cid) }
    const data = mkdtempSync(join(tmpdir(), 'iparo-missing-'))
    const visited = await SpillSet.open(data, { memoryKeys: 5, fanIn: 2, bloomBits: 64 })
    const queue = await SpillCidQueue.open(data, 4)
    try {
      const onDisk = await find(local, [root], target, new Set(), { visited, queue })
      const inMemory = await find(local, [root], target, new Set())
      expect(onDisk.missing.map(m => m.cid.toString())).toEqual(inMemory.missing.map(m => m.cid.toString()))
      expect(onDisk).toMatchObject({ checked: inMemory.checked, present: inMemory.present, unchecked: inMemory.unchecked })
      expect(visited.runCount).toBeGreaterThan(0)
    } finally {
      await visited.close()
      await queue.close()
    }
  })
})
