import * as dagCbor from '@ipld/dag-cbor'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { cidString } from './cid-string.ts'

describe('cidString', () => {
  it('is CID.toString() for v1 CIDs of every codec ingest writes, and for v0', async () => {
    const digest = await sha256.digest(new TextEncoder().encode('iparo'))
    for (const code of [raw.code, dagPb.code, dagCbor.code]) {
      const cid = CID.createV1(code, digest)
      expect(cidString(cid)).toBe(CID.createV1(code, digest).toString())
    }
    const v0 = CID.createV0(digest)
    expect(cidString(v0)).toBe(v0.toString())
    expect(cidString(v0)).toMatch(/^Qm/)
  })
})
