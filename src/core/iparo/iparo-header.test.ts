import { base32 } from 'multiformats/bases/base32'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { InvalidIparoError } from '../errors.ts'
import { validateHeader, type IparoHeader } from './iparo-header.ts'

function header (pieceCid: string): IparoHeader {
  return {
    iparo: 1, type: 'memento', uri: 'http://example.com/', datetime: '2024-05-06T07:08:09Z', method: 'GET',
    record: { type: 'response', warc: 'WARC/1.0', date: '2024-05-06T07:08:09Z' },
    digests: {}, seq: 0, links: [], pieces: [{ role: 'payload', cid: pieceCid, length: 3 }]
  }
}

describe('validateHeader piece CIDs', () => {
  it('accepts CIDs CID.parse accepts, base32 v1 (what headers hold), base58 v1 and v0', async () => {
    const v1 = CID.createV1(raw.code, await sha256.digest(new Uint8Array([1, 2, 3])))
    const v0 = CID.createV0(await sha256.digest(new Uint8Array([4])))
    for (const s of [v1.toString(), v1.toString(base58btc), v0.toString()]) {
      expect(validateHeader(header(s)).pieces[0]?.cid).toBe(s)
    }
  })

  it('refuses a v0 CID behind a multibase prefix, and base32 that is not a CID, as CID.parse does', async () => {
    const v0 = CID.createV0(await sha256.digest(new Uint8Array([4])))
    for (const s of [base32.encode(v0.bytes), 'bafy', 'b!!!!', 'B' + base32.baseEncode(v0.bytes)]) {
      expect(() => CID.parse(s)).toThrow()
      expect(() => validateHeader(header(s))).toThrow(InvalidIparoError)
    }
  })
})
