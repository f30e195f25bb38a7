import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { SpillCidQueue } from './cid-queue.ts'

async function cids (from: number, count: number): Promise<CID[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => CID.createV1(raw.code, await sha256.digest(Uint8Array.of(from + i, (from + i) >> 8)))))
}

describe('SpillCidQueue', () => {
  it('gives CIDs back first in first out across segments on disk, pushes and takes interleaved', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-queue-'))
    const queue = await SpillCidQueue.open(data, 3)
    const expected: string[] = []
    const got: string[] = []
    try {
      for (let round = 0; round < 20; round++) {
        const pushed = await cids(round * 17, 1 + (round * 7) % 17)
        await queue.push(pushed)
        expected.push(...pushed.map(String))
        got.push(...(await queue.take(1 + (round * 5) % 11)).map(String))
      }
      for (let taken = await queue.take(4); taken.length > 0; taken = await queue.take(4)) got.push(...taken.map(String))
      expect(got).toEqual(expected)
      expect(await queue.take(1)).toEqual([])
    } finally {
      await queue.close()
    }
    expect(readdirSync(join(data, 'tmp'))).toEqual([])
  })

  it('keeps every CID when pushes and takes overlap', async () => {
    const data = mkdtempSync(join(tmpdir(), 'iparo-queue-'))
    const queue = await SpillCidQueue.open(data, 2)
    try {
      const batches = await Promise.all(Array.from({ length: 12 }, async (_, i) => cids(i * 10, 7)))
      const takes: Array<Promise<CID[]>> = []
      await Promise.all(batches.map(async (batch, i) => {
        const pushed = queue.push(batch)
        if (i % 3 === 0) takes.push(queue.take(5))
        await pushed
      }))
      const got = (await Promise.all(takes)).flat()
      for (let taken = await queue.take(3); taken.length > 0; taken = await queue.take(3)) got.push(...taken)
      expect(got.map(String).sort()).toEqual(batches.flat().map(String).sort())
    } finally {
      await queue.close()
    }
  })
})
