import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { countingBlocks } from '../replay/replay-test-support.ts'
import { indexKey } from './file-index-builder.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import { LEAF_ENTRIES, scanFileIndex, writeFileIndex } from './file-index.ts'

const entry = (host: string, second: number, offset: number): FileIndexEntry => {
  const datetime = `2020-01-01T00:00:${String(second).padStart(2, '0')}Z`
  const uri = `http://${host}.test/`
  return { key: indexKey(uri, datetime), uri, datetime, offset, length: 10, type: 'response', status: 200 }
}

describe('the file index', () => {
  it('finds every capture of a URL, across leaves, reading one node per level', async () => {
    const store = new MemoryBlockStore()
    // 5 leaves; the `h0` captures straddle the first two (equal keys included)
    const entries = [
      ...Array.from({ length: LEAF_ENTRIES - 2 }, (_, i) => entry(`a${String(i).padStart(3, '0')}`, 0, i)),
      ...[1, 2, 2, 3].map((s, i) => entry('h0', s, 1000 + i)),
      ...Array.from({ length: 4 * LEAF_ENTRIES - 10 }, (_, i) => entry(`z${String(i).padStart(3, '0')}`, 0, 2000 + i))
    ].reverse()
    const root = await writeFileIndex(store, entries)
    expect(await writeFileIndex(store, [...entries].reverse())).toEqual(root)
    const counted = countingBlocks(store)
    const h0 = 'test,h0)/'
    expect(indexKey('http://h0.test/', '2020-01-01T00:00:00Z')).toBe(`${h0} 20200101000000`)
    const found = await scanFileIndex(counted, root, `${h0} `, `${h0}!`)
    expect(found.map(e => e.offset)).toEqual([1000, 1001, 1002, 1003])
    expect(counted.count).toBe(3)
    const one = countingBlocks(store)
    expect(await scanFileIndex(one, root, 'test,z000)/ ', 'test,z000)/!')).toHaveLength(1)
    expect(one.count).toBe(2)
    expect(await scanFileIndex(store, root, 'test,nothing)/ ', 'test,nothing)/!')).toEqual([])
    expect(await scanFileIndex(store, root, '', '\uffff')).toHaveLength(entries.length)
  })

  it('writes an empty index as one empty leaf', async () => {
    const store = new MemoryBlockStore()
    expect(await scanFileIndex(store, await writeFileIndex(store, []), '', '\uffff')).toEqual([])
  })
})
