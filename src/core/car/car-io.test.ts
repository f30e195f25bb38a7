import { CarBlockIterator, CarWriter } from '@ipld/car'
import { CID } from 'multiformats/cid'
import { concat } from 'uint8arrays/concat'
import { describe, expect, it } from 'vitest'
import { blockKey, MemoryBlockStore } from '../blocks.ts'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { ingestFixtures } from '../archive/archive-test-support.ts'
import { BlockVerificationError, InvalidInputError } from '../errors.ts'
import { exportCar, importCar } from './car-io.ts'

async function collect (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const c of chunks) parts.push(c)
  return concat(parts)
}

async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> { yield bytes }

/** A copy of `car` with one byte of the named block's data flipped. */
async function alter (car: Uint8Array, victim: number): Promise<{ car: Uint8Array, cid: CID }> {
  const iterator = await CarBlockIterator.fromIterable(once(car))
  const { writer, out } = CarWriter.create(await iterator.getRoots())
  const written = collect(out)
  let n = 0
  let altered: CID | undefined
  for await (const block of iterator) {
    let bytes = block.bytes
    if (n++ === victim) {
      bytes = bytes.slice()
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff
      altered = block.cid
    }
    await writer.put({ cid: block.cid, bytes })
  }
  await writer.close()
  if (altered == null) throw new Error('no such block')
  return { car: await written, cid: altered }
}

describe('CAR export and import', () => {
  it('an archive exported from one store imports into an empty one, and every version of every URL resolves', async () => {
    const source = new MemoryBlockStore()
    const one = await ingestFixtures(source, ['ipwb/5mementos.warc', 'ipwb/1memento.warc'])
    const two = await ingestFixtures(source, ['ipwb/mkelly1.warc'], one.root)
    const car = await collect(exportCar(source, [two.rootCid]))
    const target = new MemoryBlockStore()
    const result = await importCar(() => once(car), target)
    expect(result.roots.map(String)).toEqual([two.rootCid.toString()])
    expect(result.newBlocks).toBe(result.blocks)
    const reader = await ArchiveReader.open(target, two.rootCid)
    let versions = 0
    for await (const [, entry] of reader.urls.range()) {
      const tm = await reader.timemap(entry)
      expect(tm.complete).toBe(true)
      expect(tm.mementos).toHaveLength(entry.count)
      for (const m of tm.mementos) expect((await reader.resolve(entry, m.datetime)).memento?.datetime).toBe(m.datetime)
      versions += tm.mementos.length
    }
    expect(versions).toBe(two.root.counts.mementos)
  })

  it('refuses a CAR with one altered block, names the block, and stores nothing', async () => {
    const source = new MemoryBlockStore()
    const { rootCid } = await ingestFixtures(source, ['ipwb/5mementos.warc'])
    const car = await collect(exportCar(source, [rootCid]))
    for (const victim of [0, 5, 20]) {
      const { car: bad, cid } = await alter(car, victim)
      const target = new MemoryBlockStore()
      const err = await importCar(() => once(bad), target).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(BlockVerificationError)
      expect((err as BlockVerificationError).message).toContain(cid.toString())
      expect(target.size).toBe(0)
    }
  })

  it('refuses what is not a CAR, and a truncated CAR, storing nothing', async () => {
    const source = new MemoryBlockStore()
    const { rootCid } = await ingestFixtures(source, ['ipwb/1memento.warc'])
    const car = await collect(exportCar(source, [rootCid]))
    for (const bad of [new TextEncoder().encode('WARC/1.0\r\n'), car.subarray(0, car.length - 10)]) {
      const target = new MemoryBlockStore()
      await expect(importCar(() => once(bad), target)).rejects.toBeInstanceOf(InvalidInputError)
      expect(target.size).toBe(0)
    }
  })

  it('export fails loudly when a reachable block is missing', async () => {
    const source = new MemoryBlockStore()
    const { summary, rootCid } = await ingestFixtures(source, ['ipwb/1memento.warc'])
    const first = CID.parse(summary.iparos[0]?.cid ?? '')
    const store = new MemoryBlockStore()
    for (const [k, v] of source.blocks) store.blocks.set(k, v)
    store.blocks.delete(blockKey(first))
    await expect(collect(exportCar(store, [rootCid]))).rejects.toThrow(/not found/)
  })
})
