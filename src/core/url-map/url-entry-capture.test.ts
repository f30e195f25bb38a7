import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { encodeLeaf } from './encode-leaf.ts'
import { decodeNode } from './map-node.ts'
import { MAX_ENTRY_LOCATION, MAX_ENTRY_MIME, entryBytes, entryProblem, freezeEntry, type UrlEntry } from './url-entry.ts'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

async function entries (): Promise<UrlEntry[]> {
  const head = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1])))
  const versions = CID.createV1(raw.code, await sha256.digest(new Uint8Array([2])))
  const base = { url: 'http://example.com/', head, first: '2020-01-01T00:00:00Z', last: '2021-01-01T00:00:00Z', count: 2 }
  return [
    freezeEntry({ ...base, mime: 'text/html', status: 200, title: 'Home', page: true }),
    freezeEntry({ ...base, mime: 'font/woff2', status: 200, versions }),
    freezeEntry({ ...base, mime: 'text/html', status: 302, location: 'https://www.example.com/é', title: '302 Found', versions }),
    freezeEntry({ ...base, status: 404 }),
    freezeEntry({ ...base, mime: 'image/png' }),
    // an archive written before the fields: still read
    freezeEntry(base)
  ]
}

describe('the newest capture facts of URL entries (mime, status, location)', () => {
  it('are encoded as dag-cbor encodes them, and decode back', async () => {
    const list = await entries()
    const keys = list.map((_, i) => `com,example)/${i}`)
    const bytes = encodeLeaf(keys, list)
    expect(hex(bytes)).toBe(hex(dagCbor.encode({ format: 'iparo-url-map/1', level: 0, keys, entries: list })))
    const node = decodeNode(CID.createV1(dagCbor.code, await sha256.digest(bytes)), bytes)
    const decoded = 'entries' in node ? node.entries : []
    expect(decoded.map(e => [e.mime, e.status, e.location])).toEqual([
      ['text/html', 200, undefined], ['font/woff2', 200, undefined], ['text/html', 302, 'https://www.example.com/é'],
      [undefined, 404, undefined], ['image/png', undefined, undefined], [undefined, undefined, undefined]
    ])
  })

  it('are counted in the size bound, never under what they encode to', async () => {
    for (const e of await entries()) {
      expect(entryBytes('k', e)).toBeGreaterThanOrEqual(dagCbor.encode('k').length + dagCbor.encode(e).length)
    }
    const [, , redirect] = await entries()
    const { location: _, ...without } = redirect as UrlEntry
    void _
    expect(entryBytes('k', redirect as UrlEntry) - entryBytes('k', freezeEntry(without))).toBe(dagCbor.encode(redirect).length - dagCbor.encode(freezeEntry(without)).length)
  })

  it('are refused when malformed, by a decoder as by a writer', async () => {
    const [page] = await entries()
    expect(entryProblem(page)).toBeUndefined()
    expect(entryProblem({ ...page, mime: '' })).toBe('entry mime is not a short well-formed string')
    expect(entryProblem({ ...page, mime: 7 })).toBe('entry mime is not a short well-formed string')
    expect(entryProblem({ ...page, mime: 'x'.repeat(MAX_ENTRY_MIME + 1) })).toBe('entry mime is not a short well-formed string')
    expect(entryProblem({ ...page, mime: 'text/\ud800' })).toBe('entry mime is not a short well-formed string')
    expect(entryProblem({ ...page, status: 99 })).toBe('entry status is not an integer from 100 to 999')
    expect(entryProblem({ ...page, status: 1000 })).toBe('entry status is not an integer from 100 to 999')
    expect(entryProblem({ ...page, status: 200.5 })).toBe('entry status is not an integer from 100 to 999')
    expect(entryProblem({ ...page, status: '200' })).toBe('entry status is not an integer from 100 to 999')
    expect(entryProblem({ ...page, location: '' })).toBe('entry location is not a short well-formed string')
    expect(entryProblem({ ...page, location: 'x'.repeat(MAX_ENTRY_LOCATION + 1) })).toBe('entry location is not a short well-formed string')
    expect(entryProblem({ ...page, kind: 'page' })).toBe('unknown entry field "kind"')
  })
})
