import { describe, expect, it } from 'vitest'
import { InvalidInputError } from '../errors.ts'
import { compareKeys } from './key-order.ts'
import { CountingBlockStore, fixtureEntry } from './url-map-fixtures.ts'
import type { UrlEntry } from './url-map.ts'
import { UrlMap } from './url-map.ts'

const keyOf = (n: number): string => `example,host${n % 1000})/page/${n}`

async function collect (iter: AsyncIterable<[string, UrlEntry]>): Promise<string[]> {
  const out: string[] = []
  for await (const [k] of iter) out.push(k)
  return out
}

async function build (n: number): Promise<{ map: UrlMap, keys: string[], store: CountingBlockStore }> {
  const keys = Array.from({ length: n }, (_, i) => keyOf(i)).sort(compareKeys)
  const store = new CountingBlockStore()
  const byKey = new Map(Array.from({ length: n }, (_, i) => [keyOf(i), fixtureEntry(i)]))
  const built = await UrlMap.fromSorted(store, keys.map(k => [k, byKey.get(k) as UrlEntry] as const))
  // a fresh map on the same blocks: nothing cached, so fetch counts are real
  return { map: await UrlMap.load(store, built.root, { cacheSize: 0 }), keys, store }
}

describe('UrlMap positions', () => {
  it('pages from any position match the key-ordered list, and rank is the insertion position', async () => {
    const { map, keys } = await build(20_000)
    expect(map.height).toBeGreaterThan(1)
    for (const at of [0, 1, 999, 10_000, 19_950, 19_999, 20_000, 25_000]) {
      expect(await collect(map.rangeAt(at, 100))).toEqual(keys.slice(at, at + 100))
    }
    for (const i of [0, 7, 4321, 19_999]) {
      expect(await map.rank(keys[i] as string)).toBe(i)
      // a key just after keys[i] but before keys[i + 1]: not in the map, ranks after keys[i]
      expect(await map.rank(`${keys[i] as string}\u0000`)).toBe(i + 1)
    }
    expect(await map.rank('')).toBe(0)
    expect(await map.rank('\u{10FFFF}')).toBe(keys.length)
  })

  it('reads the path to the position plus the leaves it spans, not the entries before it', async () => {
    const { map, store } = await build(20_000)
    store.reset()
    await collect(map.rangeAt(15_000, 50))
    // root is loaded already; a few levels plus at most a couple of leaves
    expect(store.gets).toBeLessThanOrEqual(map.height + 2)
    store.reset()
    await map.rank(keyOf(12_345))
    expect(store.gets).toBeLessThanOrEqual(map.height)
  })

  it('refuses a negative or fractional position', async () => {
    const { map } = await build(10)
    await expect(collect(map.rangeAt(-1, 5))).rejects.toBeInstanceOf(InvalidInputError)
    await expect(collect(map.rangeAt(1.5, 5))).rejects.toBeInstanceOf(InvalidInputError)
    expect(await collect(map.rangeAt(3, 0))).toEqual([])
  })
})
