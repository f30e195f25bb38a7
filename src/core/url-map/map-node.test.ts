import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../blocks.ts'
import { InvalidUrlMapError } from '../errors.ts'
import { NODE_OVERHEAD_BYTES } from './boundary.ts'
import { decodeNode, encodeNode, isLeaf, NODE_FORMAT } from './map-node.ts'
import type { UrlEntry } from './url-entry.ts'
import { cidBytes, entryBytes, stringBytes } from './url-entry.ts'
import { fixtureEntry, seededRandom } from './url-map-fixtures.ts'
import { UrlMap } from './url-map.ts'

const F = NODE_FORMAT
const e1 = fixtureEntry(1)
const e2 = fixtureEntry(2)

async function putRaw (store: MemoryBlockStore, bytes: Uint8Array, code: number = dagCbor.code): Promise<CID> {
  const cid = CID.createV1(code, await sha256.digest(bytes))
  await store.put(cid, bytes)
  return cid
}

const put = async (store: MemoryBlockStore, value: unknown): Promise<CID> => putRaw(store, dagCbor.encode(value))
const leaf = (keys: string[], entries: unknown[]): unknown => ({ format: F, level: 0, keys, entries })
const branch = (level: number, keys: string[], children: unknown[], counts: unknown[]): unknown => ({ format: F, level, keys, children, counts })

async function expectInvalid (store: MemoryBlockStore, value: unknown, pattern: RegExp): Promise<void> {
  const cid = await put(store, value)
  const err = await UrlMap.load(store, cid).then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(InvalidUrlMapError)
  expect((err as InvalidUrlMapError).message).toMatch(pattern)
  expect((err as InvalidUrlMapError).cid).toBe(cid.toString())
}

describe('decodeNode rejects malformed nodes', () => {
  it('round-trips what encodeNode writes', async () => {
    const node = { level: 0 as const, keys: ['a', 'b'], entries: [e1, e2] }
    const { cid, bytes } = await encodeNode(node)
    expect(decodeNode(cid, bytes)).toEqual(node)
  })

  it('encodes within the size the chunking rule counts', async () => {
    const rand = seededRandom(11)
    for (let i = 0; i < 50; i++) {
      const n = 1 + Math.floor(rand() * 300)
      const keys = Array.from({ length: n }, (_, j) => `k${String(j).padStart(4, '0')}${'é😀x'.repeat(Math.floor(rand() * 40))}`)
      const entries = keys.map((_, j) => ({ ...fixtureEntry(j, 1 + Math.floor(rand() * 1e6)), ...(rand() < 0.5 ? { title: 'ü'.repeat(Math.floor(rand() * 300)) } : {}) }))
      const leafBytes = (await encodeNode({ level: 0, keys, entries })).bytes.length
      expect(leafBytes).toBeLessThanOrEqual(NODE_OVERHEAD_BYTES + keys.reduce((s, k, j) => s + entryBytes(k, entries[j] as UrlEntry), 0))
      const children = entries.map(e => CID.createV1(dagCbor.code, e.head.multihash))
      const counts = keys.map(() => Math.floor(rand() * 2 ** 40))
      const branchBytes = (await encodeNode({ level: 5, keys, children, counts })).bytes.length
      expect(branchBytes).toBeLessThanOrEqual(NODE_OVERHEAD_BYTES + keys.reduce((s, k, j) => s + stringBytes(k) + cidBytes(children[j] as CID) + 9, 0))
    }
  })

  it('rejects what is not a URL-map node at all', async () => {
    const store = new MemoryBlockStore()
    const rawCid = await putRaw(store, dagCbor.encode(leaf([], [])), raw.code)
    await expect(UrlMap.load(store, rawCid)).rejects.toThrow(/not dag-cbor/)
    await expect(UrlMap.load(store, await putRaw(store, new Uint8Array([0xff, 0x00, 0x13])))).rejects.toThrow(/not valid dag-cbor/)
    await expect(UrlMap.load(store, await putRaw(store, new Uint8Array(1024 * 1024 + 1)))).rejects.toThrow(/more than/)
    await expectInvalid(store, [1, 2], /not a map/)
    await expectInvalid(store, 'leaf', /not a map/)
    await expectInvalid(store, e1.head, /not a map/)
    await expectInvalid(store, { ...leaf([], []) as object, format: 'iparo-url-map/2' }, /format/)
    await expectInvalid(store, { level: 0, keys: [], entries: [] }, /format/)
  })

  it.each([
    ['negative level', { format: F, level: -1, keys: [], entries: [] }, /level/],
    ['fractional level', { format: F, level: 1.5, keys: [], children: [], counts: [] }, /level/],
    ['level too deep', { format: F, level: 33, keys: [], children: [], counts: [] }, /level/],
    ['keys not a list', { format: F, level: 0, keys: 'a', entries: [] }, /keys is not a list/],
    ['non-string key', leaf(['a', 5 as unknown as string], [e1, e2]), /key 1 is not a string/],
    ['unsorted keys', leaf(['b', 'a'], [e1, e2]), /strictly ascending/],
    ['duplicate keys', leaf(['a', 'a'], [e1, e2]), /strictly ascending/],
    ['missing entries', { format: F, level: 0, keys: [] }, /leaf fields/],
    ['extra leaf field', { ...leaf([], []) as object, extra: true }, /leaf fields/],
    ['leaf with children', { format: F, level: 0, keys: [], children: [], counts: [] }, /leaf fields/],
    ['entries shorter than keys', leaf(['a', 'b'], [e1]), /as long as keys/],
    ['entry not a map', leaf(['a'], [[1]]), /entry 0: entry is not a map/],
    ['entry with count 0', leaf(['a'], [{ ...e1, count: 0 }]), /count/],
    ['entry with head as text', leaf(['a'], [{ ...e1, head: e1.head.toString() }]), /head/],
    ['entry with unknown field', leaf(['a'], [{ ...e1, size: 3 }]), /unknown entry field/],
    ['entry with bad datetime', leaf(['a'], [{ ...e1, last: '2020-02-30T00:00:00Z' }]), /datetime/],
    ['entry with first after last', leaf(['a'], [{ ...e1, first: '2030-01-01T00:00:00Z' }]), /after last/],
    ['entry without url', leaf(['a'], [{ head: e1.head, first: e1.first, last: e1.last, count: 1 }]), /url/],
    ['branch without children', branch(1, [], [], []), /without children/],
    ['branch with entries', { format: F, level: 1, keys: ['a'], entries: [e1] }, /branch fields/],
    ['child not a link', branch(1, ['a'], ['bafy'], [1]), /child 0 is not a dag-cbor link/],
    ['child of another codec', branch(1, ['a'], [e1.head], [1]), /child 0 is not a dag-cbor link/],
    ['counts shorter than keys', branch(1, ['a', 'b'], [null, null], [1]), /children is not|counts is not/],
    ['count zero', branch(1, ['a'], [CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')], [0]), /count 0/],
    ['count overflow', branch(1, ['a', 'b'], Array(2).fill(CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')), [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]), /overflow/]
  ])('%s', async (_name, value, pattern) => {
    await expectInvalid(new MemoryBlockStore(), value, pattern)
  })

  it('never fails with anything but InvalidUrlMapError on corrupted bytes', async () => {
    const { cid, bytes } = await encodeNode({ level: 0, keys: ['a', 'b', 'c'], entries: [e1, e2, fixtureEntry(3)] })
    const rand = seededRandom(77)
    let rejected = 0
    for (let i = 0; i < 2000; i++) {
      const copy = bytes.slice(0, rand() < 0.1 ? Math.floor(rand() * bytes.length) : bytes.length)
      for (let j = 0; j < 1 + Math.floor(rand() * 3); j++) copy[Math.floor(rand() * copy.length)] = Math.floor(rand() * 256)
      try {
        const node = decodeNode(cid, copy)
        // whatever survives is a well-formed leaf
        expect(isLeaf(node) ? node.entries.length : -1).toBe(node.keys.length)
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidUrlMapError)
        rejected++
      }
    }
    expect(rejected).toBeGreaterThan(1200)
  })
})

describe('children must agree with their parents', () => {
  async function tree (child: unknown, parentKeys = ['m'], counts = [2]): Promise<{ store: MemoryBlockStore, map: Promise<UrlMap> }> {
    const store = new MemoryBlockStore()
    const childCid = await put(store, child)
    const rootCid = await put(store, branch(1, parentKeys, parentKeys.map(() => childCid), counts))
    return { store, map: UrlMap.load(store, rootCid) }
  }

  it('accepts a consistent two-level tree', async () => {
    const { map } = await tree(leaf(['a', 'm'], [e1, e2]))
    const m = await map
    expect(m.count).toBe(2)
    expect(await m.get('m')).toEqual(e2)
  })

  it.each([
    ['a wrong entry count', leaf(['a', 'm'], [e1, e2]), ['m'], [3], /parent says 3/, 'a'],
    ['a wrong level', branch(2, ['m'], [CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')], [2]), ['m'], [2], /level 2, its parent expects 0/, 'a'],
    ['a different last key', leaf(['a', 'k'], [e1, e2]), ['m'], [2], /last key/, 'a'],
    ['an empty child', leaf([], []), ['m'], [1], /empty node/, 'a'],
    // both children are the same node: the second one ends with the wrong key
    ['overlapping siblings', leaf(['a', 'm'], [e1, e2]), ['m', 'm2'], [2, 2], /last key/, 'm1']
  ])('rejects %s', async (_name, child, keys, counts, pattern, probe) => {
    const { map } = await tree(child, keys, counts)
    const m = await map
    const scan = async (): Promise<number> => { let n = 0; for await (const _kv of m.range()) n++; return n }
    await expect(scan()).rejects.toThrow(pattern)
    await expect(scan()).rejects.toThrow(InvalidUrlMapError)
    await expect(m.get(probe)).rejects.toThrow(InvalidUrlMapError)
  })

  it('rejects a branch child whose first key precedes its left sibling', async () => {
    const store = new MemoryBlockStore()
    const left = await put(store, leaf(['a', 'm'], [e1, e2]))
    const right = await put(store, leaf(['b', 'z'], [e1, e2]))
    const root = await put(store, branch(1, ['m', 'z'], [left, right], [2, 2]))
    const m = await UrlMap.load(store, root)
    await expect(m.get('z')).rejects.toThrow(/not after the previous sibling/)
    expect(await m.get('a')).toEqual(e1)
  })
})
