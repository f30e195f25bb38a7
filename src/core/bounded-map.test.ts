import { describe, expect, it } from 'vitest'
import { setBounded } from './bounded-map.ts'

describe('setBounded', () => {
  it('drops the oldest entry for a new key when full, never for a key already there', () => {
    const map = new Map<string, number>()
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, 3, key, i)
    setBounded(map, 3, 'b', 9)
    expect([...map]).toEqual([['a', 0], ['b', 9], ['c', 2]])
    setBounded(map, 3, 'd', 3)
    expect([...map.keys()]).toEqual(['b', 'c', 'd'])
    // least recently used: a hit is deleted, then set again at the newest end
    map.delete('b')
    setBounded(map, 3, 'b', 9)
    setBounded(map, 3, 'e', 4)
    expect([...map.keys()]).toEqual(['d', 'b', 'e'])
  })
})
