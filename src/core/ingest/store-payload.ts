import { concat } from 'uint8arrays/concat'
import { equals } from 'uint8arrays/equals'
import { formatDigest, parseDeclaredDigest, type HasherFactory, type StreamHasher } from '../iparo/digests.ts'
import { importKubo, KUBO_CHUNK_SIZE, rawLeafCid, type BlockSink } from '../iparo/kubo-import.ts'
import type { StoredPiece } from './capture.ts'

export interface StoredPayload {
  /** absent for an empty payload: an empty piece is no piece */
  piece?: StoredPiece
  length: number
  /** the first bytes, for title extraction */
  start: Uint8Array
  /** sha256 of the payload (WARC notation) */
  computed?: string
  declared?: string
  declaredMatches?: boolean
  /** the payload's digest in the declared algorithm */
  actual?: string
}

const START_BYTES = 65_536

function required (hasher: StreamHasher | undefined, what: string): StreamHasher {
  if (hasher == null) throw new Error(`the edge provides no ${what} hasher`)
  return hasher
}

/**
 * Stores a payload as its Kubo-chunked subtree while computing its sha256 and, when the WARC declared a
 * digest in another algorithm, that digest too, to report whether the declaration holds. The declared
 * value is only ever checked, never used as a key.
 */
export async function storePayload (content: Uint8Array | AsyncIterable<Uint8Array>, declaredValue: string | undefined, hashers: HasherFactory, sink: BlockSink): Promise<StoredPayload> {
  const declared = parseDeclaredDigest(declaredValue)
  const sha256 = required(hashers('sha256'), 'sha256')
  const other = declared != null && declared.algorithm !== 'sha256' ? hashers(declared.algorithm) : undefined
  let length = 0
  let start: Uint8Array = new Uint8Array(0)
  let piece: StoredPiece | undefined
  let shaBytes: Uint8Array

  if (content instanceof Uint8Array) {
    sha256.update(content)
    other?.update(content)
    shaBytes = sha256.digest()
    length = content.byteLength
    start = content.subarray(0, START_BYTES)
    if (length > 0 && length <= KUBO_CHUNK_SIZE) {
      // One leaf: its CID is the digest just computed. Not copied: the sink holds it only until its
      // write lands, and a store that keeps bytes (the pack store's write buffer) copies them itself.
      const cid = rawLeafCid(shaBytes)
      await sink.put(cid, content)
      piece = { cid, length, tsize: length }
    } else if (length > 0) {
      piece = await importKubo(content, sink)
    }
  } else {
    const hashing = async function * (source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        sha256.update(chunk)
        other?.update(chunk)
        if (start.byteLength < START_BYTES) start = concat([start, chunk.subarray(0, START_BYTES - start.byteLength)])
        length += chunk.byteLength
        yield chunk
      }
    }
    const imported = await importKubo(hashing(content), sink)
    shaBytes = sha256.digest()
    if (length > 0) piece = imported
  }

  const out: StoredPayload = { piece, length, start, declared: declaredValue }
  if (length === 0) return out
  out.computed = formatDigest('sha256', shaBytes)
  const actual = declared?.algorithm === 'sha256' ? shaBytes : other?.digest()
  if (declared != null && actual != null) {
    out.actual = formatDigest(declared.algorithm, actual)
    out.declaredMatches = equals(actual, declared.bytes)
  }
  return out
}
