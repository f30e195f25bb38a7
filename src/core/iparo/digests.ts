import { base32 } from 'multiformats/bases/base32'
import { base32Encode } from './base32-encode.ts'

/** An incremental hash function, injected by the edge (node:crypto in Node, a JS hash in browsers). */
export interface StreamHasher {
  update (bytes: Uint8Array): void
  digest (): Uint8Array
}

export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha512' | 'md5'

/** Returns undefined for algorithms the edge cannot compute. */
export type HasherFactory = (algorithm: DigestAlgorithm) => StreamHasher | undefined

const ALGORITHMS: Record<string, DigestAlgorithm> = {
  sha1: 'sha1', 'sha-1': 'sha1', sha256: 'sha256', 'sha-256': 'sha256', sha512: 'sha512', 'sha-512': 'sha512', md5: 'md5'
}

const LENGTHS: Record<DigestAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64, md5: 16 }

export interface ParsedDigest {
  algorithm: DigestAlgorithm
  bytes: Uint8Array
}

function decodeHex (s: string): Uint8Array | undefined {
  if (!/^[0-9a-fA-F]*$/.test(s) || s.length % 2 !== 0) return undefined
  const out = new Uint8Array(s.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16)
  return out
}

function decodeBase32 (s: string): Uint8Array | undefined {
  try {
    return base32.baseDecode(s.toLowerCase().replace(/=+$/, ''))
  } catch {
    return undefined
  }
}

/**
 * A WARC `WARC-Payload-Digest` value (`sha1:BASE32`, `sha256:hex`, …). Returns undefined for values that
 * cannot be read: a declared digest is information to check, never something to trust or fail on.
 */
export function parseDeclaredDigest (value: string | undefined): ParsedDigest | undefined {
  if (value == null) return undefined
  const m = /^\s*([A-Za-z0-9-]+)[:=](\S+)\s*$/.exec(value)
  if (m == null) return undefined
  const algorithm = ALGORITHMS[(m[1] ?? '').toLowerCase()]
  if (algorithm == null) return undefined
  const text = m[2] ?? ''
  const want = LENGTHS[algorithm]
  for (const bytes of [decodeBase32(text), decodeHex(text)]) {
    if (bytes?.byteLength === want) return { algorithm, bytes }
  }
  return undefined
}

/** The WARC convention: `algorithm:` + unpadded uppercase RFC 4648 base32. */
export function formatDigest (algorithm: DigestAlgorithm, bytes: Uint8Array): string {
  return `${algorithm}:${base32Encode(bytes, true)}`
}

/** Base32 characters of each algorithm's digest in WARC notation (unpadded). */
const BASE32_LENGTHS = new Map<string, number>([['sha1', 32], ['sha256', 52], ['sha512', 103], ['md5', 26]])

/** One spelling per digest (`sha1:BASE32`), whatever encoding the WARC used, so lookups match. */
export function normalizeDigest (digest: string): string {
  // Already in that spelling (every digest this code formats, most declared ones): parsing and
  // re-encoding would give it back unchanged, and ingest normalizes several per record.
  const colon = digest.indexOf(':')
  if (colon > 0 && BASE32_LENGTHS.get(digest.slice(0, colon)) === digest.length - colon - 1 && /^[A-Z2-7]+$/.test(digest.slice(colon + 1))) return digest
  const parsed = parseDeclaredDigest(digest)
  return parsed == null ? digest.trim() : formatDigest(parsed.algorithm, parsed.bytes)
}
