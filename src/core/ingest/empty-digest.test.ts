import { describe, expect, it } from 'vitest'
import { hashers } from '../archive/archive-test-support.ts'
import { isEmptyPayloadDigest } from './empty-digest.ts'

describe('isEmptyPayloadDigest', () => {
  it('knows the digest of zero bytes in every algorithm and spelling a WARC uses', () => {
    for (const d of [
      'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ',
      'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709',
      'SHA-1:3i42h3s6nnfq2msvx7xzkyaysCX5QBYJ',
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ',
      'md5:d41d8cd98f00b204e9800998ecf8427e',
      'sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'
    ]) expect(isEmptyPayloadDigest(d, hashers), d).toBe(true)
  })

  it('is false for other payloads, unreadable digests and none', () => {
    for (const d of ['sha1:B2LTWWPUOYAH7UIPQ7ZUPQ4VMBSVC36A', 'sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBY', 'crc32:00000000', 'nonsense', undefined]) {
      expect(isEmptyPayloadDigest(d, hashers), String(d)).toBe(false)
    }
  })
})
