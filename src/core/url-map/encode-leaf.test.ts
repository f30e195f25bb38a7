import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { encodeLeaf } from './encode-leaf.ts'
import { freezeEntry, type UrlEntry } from './url-entry.ts'

// a plain Uint8Array: in Node dag-cbor returns a Buffer, which toEqual tells apart
const library = (keys: string[], entries: UrlEntry[]): Uint8Array =>
  new Uint8Array(dagCbor.encode({ format: 'iparo-url-map/1', level: 0, keys, entries }))

describe('encodeLeaf', () => {
  it('writes the bytes @ipld/dag-cbor writes, across string lengths, scripts, counts and CIDs', async () => {
    const cids = [
      CID.createV1(dagPb.code, await sha256.digest(new Uint8Array([1]))),
      CID.createV1(raw.code, await sha256.digest(new Uint8Array([2]))),
      CID.createV0(await sha256.digest(new Uint8Array([3]))),
      CID.createV1(raw.code, identity.digest(new Uint8Array(300).fill(5)))
    ]
    // header boundaries of CBOR lengths (24, 256, 65,536), multi-byte UTF-8 and surrogate pairs
    const strings = ['', 'a', 'x'.repeat(23), 'x'.repeat(24), 'y'.repeat(255), 'y'.repeat(256), 'z'.repeat(65_536),
      'é', 'é'.repeat(12), 'é'.repeat(128), '€'.repeat(8), '€'.repeat(86), '😀', '😀'.repeat(6), '😀'.repeat(64), 'mixé€😀 text']
    const counts = [1, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER]
    const keys: string[] = []
    const entries: UrlEntry[] = []
    strings.forEach((s, i) => {
      keys.push(`com,example)/${i}/${s}`)
      entries.push(freezeEntry({
        url: `http://example.com/${s}`,
        head: cids[i % cids.length] as CID,
        ...(i % 2 === 0 ? { title: s } : {}),
        ...(i % 3 === 1 ? { versions: cids[(i + 1) % cids.length] as CID } : {}),
        first: '2001-02-03T04:05:06Z',
        last: i % 3 === 0 ? '2001-02-03T04:05:06.123456789Z' : '2024-12-31T23:59:59Z',
        count: counts[i % counts.length] as number
      }))
    })
    // as hex strings: toEqual walks typed arrays element by element, which made this test take 17 s
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
    for (let n = 0; n <= keys.length; n++) {
      expect(hex(encodeLeaf(keys.slice(0, n), entries.slice(0, n)))).toBe(hex(library(keys.slice(0, n), entries.slice(0, n))))
    }
    // past 23 and 255 items (array headers)
    const many = Array.from({ length: 300 }, (_, i) => `k${String(i).padStart(4, '0')}`)
    const manyEntries = many.map((_, i) => entries[i % entries.length] as UrlEntry)
    expect(hex(encodeLeaf(many, manyEntries))).toBe(hex(library(many, manyEntries)))
  })
})
