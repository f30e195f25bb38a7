import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { encodeLeaf } from './encode-leaf.ts'
import { decodeNode } from './map-node.ts'
import { entryBytes, entryProblem, freezeEntry, stringBytes, type UrlEntry } from './url-entry.ts'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

async function entries (): Promise<UrlEntry[]> {
  const head = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1])))
  const versions = CID.createV1(raw.code, await sha256.digest(new Uint8Array([2])))
  const base = { url: 'http://example.com/', head, first: '2020-01-01T00:00:00Z', last: '2021-01-01T00:00:00Z', count: 2 }
  return [
    freezeEntry({ ...base, page: true }),
    freezeEntry({ ...base, page: true, title: 'Example Domain' }),
    freezeEntry({ ...base, page: true, title: 'T', versions }),
    freezeEntry({ ...base, title: 'not a page' })
  ]
}

describe('the page flag of URL entries', () => {
  it('is encoded as dag-cbor encodes it, and decodes back', async () => {
    const list = await entries()
    const keys = list.map((_, i) => `com,example)/${i}`)
    const bytes = encodeLeaf(keys, list)
    expect(hex(bytes)).toBe(hex(dagCbor.encode({ format: 'iparo-url-map/1', level: 0, keys, entries: list })))
    const cid = CID.createV1(dagCbor.code, await sha256.digest(bytes))
    const node = decodeNode(cid, bytes)
    expect('entries' in node ? node.entries.map((e: UrlEntry) => e.page) : []).toEqual([true, true, true, undefined])
  })

  it('counts exactly what it adds to the size bound', async () => {
    const [page, , , plain] = await entries()
    const { page: _, ...without } = page as UrlEntry
    void _
    const added = dagCbor.encode(page).length - dagCbor.encode(freezeEntry(without)).length
    expect(added).toBe(stringBytes('page') + 1)
    expect(entryBytes('k', page as UrlEntry) - entryBytes('k', freezeEntry(without))).toBe(added)
    expect(entryBytes('k', plain as UrlEntry)).toBeGreaterThanOrEqual(stringBytes('k') + dagCbor.encode(plain).length)
  })

  it('is true or absent: a decoder takes no other value', async () => {
    const [page] = await entries()
    expect(entryProblem({ ...page, page: false })).toBe('entry page is not true')
    expect(entryProblem({ ...page, page: 1 })).toBe('entry page is not true')
    expect(entryProblem(page)).toBeUndefined()
  })
})
