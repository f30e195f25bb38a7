import { describe, expect, it } from 'vitest'
import { base32 } from 'multiformats/bases/base32'
import { formatDigest, normalizeDigest, parseDeclaredDigest, type DigestAlgorithm } from './digests.ts'

/** The definition: parse, then write in WARC notation (unreadable values are kept, trimmed). */
function slowNormalize (digest: string): string {
  const parsed = parseDeclaredDigest(digest)
  return parsed == null ? digest.trim() : formatDigest(parsed.algorithm, parsed.bytes)
}

const hex = (bytes: Uint8Array): string => [...bytes].map(b => b.toString(16).padStart(2, '0')).join('')

describe('normalizeDigest', () => {
  it('agrees with parse-and-format on every spelling, canonical or not', () => {
    const lengths: Record<DigestAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64, md5: 16 }
    const inputs: string[] = []
    for (const [algorithm, length] of Object.entries(lengths) as Array<[DigestAlgorithm, number]>) {
      for (let n = 0; n < 20; n++) {
        const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + n * 17 + 7) & 0xff)
        const canonical = formatDigest(algorithm, bytes)
        const text = canonical.slice(algorithm.length + 1)
        // the last character changed: for all but sha1 this sets bits past the digest's end
        const last = text.at(-1) === 'Z' ? 'Y' : 'Z'
        inputs.push(canonical, canonical.toLowerCase(), `${algorithm.toUpperCase()}:${text}`, `${algorithm}:${text}====`,
          `${algorithm}:${hex(bytes)}`, ` ${canonical} `, `${algorithm}:${text.slice(0, -1)}${last}`, `${algorithm}:${text}A`,
          `${algorithm}=${text}`, `${algorithm}:${base32.baseEncode(bytes.subarray(1)).toUpperCase()}`)
      }
    }
    inputs.push('', 'sha1:', ':ABC', 'md5:ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'sha1:1234567890', 'x:y')
    for (const input of inputs) expect(normalizeDigest(input), input).toBe(slowNormalize(input))
  })
})
