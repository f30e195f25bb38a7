import { describe, expect, it } from 'vitest'
import { chooseEvictions } from './choose-evictions.ts'

const entry = (key: string, size: number, saved = false): { key: string, size: number, saved: boolean } => ({ key, size, saved })

describe('chooseEvictions', () => {
  it('drops the least recently used unsaved blocks until the cache fits', () => {
    const lru = [entry('a', 40), entry('b', 30, true), entry('c', 30), entry('d', 50)]
    expect(chooseEvictions(lru, 150, 90)).toEqual(['a', 'c'])
  })

  it('drops nothing under the quota', () => {
    expect(chooseEvictions([entry('a', 10)], 10, 100)).toEqual([])
  })

  it('never drops saved blocks, even when they alone exceed the quota', () => {
    expect(chooseEvictions([entry('a', 100, true), entry('b', 10)], 110, 50)).toEqual(['b'])
  })
})
