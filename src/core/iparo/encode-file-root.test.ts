import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { encodeFileRoot, FILE_ROOT_MAX_SIZE, type RootLink } from './encode-file-root.ts'

function library (data: Uint8Array, links: RootLink[]): Uint8Array {
  const unixfs = new UnixFS({ type: 'file', data, blockSizes: links.map(l => BigInt(l.length)) })
  return dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: links.map(l => ({ Hash: l.cid, Name: '', Tsize: l.tsize })) }))
}

describe('encodeFileRoot', () => {
  it('writes the bytes dag-pb and ipfs-unixfs write, across data, link and number sizes', async () => {
    const leaf = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1, 2, 3])))
    const node = CID.createV1(dagPb.code, await sha256.digest(new Uint8Array([4])))
    const big = CID.createV1(raw.code, identity.digest(new Uint8Array(200).fill(7)))
    // around varint byte boundaries; file sizes below FILE_ROOT_MAX_SIZE, Tsizes up to 2^53 - 1
    const sizes = [0, 1, 127, 128, 16_383, 16_384, 262_144, 2 ** 28, FILE_ROOT_MAX_SIZE - 80_000]
    const tsizes = [...sizes, 2 ** 31, 2 ** 32 - 1, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER - 10]
    const datas = [new Uint8Array(0), new Uint8Array([9]), new Uint8Array(127).fill(1), new Uint8Array(128).fill(2), new Uint8Array(70_000).fill(3)]
    let cases = 0
    for (const data of datas) {
      for (let n = 0; n <= 4; n++) {
        for (const size of sizes) {
          const links: RootLink[] = Array.from({ length: n }, (_, i) => ({
            cid: [leaf, node, big][i % 3] ?? leaf,
            length: i === 0 ? size : 4 + i,
            tsize: tsizes[(i + sizes.indexOf(size)) % tsizes.length] ?? 0
          }))
          expect(encodeFileRoot(data, links)).toEqual(library(data, links))
          cases++
        }
      }
    }
    expect(cases).toBe(datas.length * 5 * sizes.length)
  })

  it('refuses file sizes from FILE_ROOT_MAX_SIZE on, where ipfs-unixfs writes other bytes', async () => {
    const leaf = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1])))
    const links = [{ cid: leaf, length: FILE_ROOT_MAX_SIZE - 1, tsize: 1 }]
    expect(encodeFileRoot(new Uint8Array(0), links)).toEqual(library(new Uint8Array(0), links))
    expect(encodeFileRoot(new Uint8Array(1), links)).toBeUndefined()
    // the library's bytes for 2^31 ≤ n < 2^32 are not the protobuf varint of n
    const lib = library(new Uint8Array(0), [{ cid: leaf, length: 2 ** 31, tsize: 1 }])
    expect(Array.from(lib.subarray(-6))).not.toEqual([0x20, 0x80, 0x80, 0x80, 0x80, 0x08])
  })
})
