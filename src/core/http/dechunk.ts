import { ChunkedDecoder } from './chunked-decoder.ts'
import type { DechunkResult } from './chunked-decoder.ts'

export interface Dechunking {
  /**
   * Whether the input began with a valid chunk-size line. When false, `body` yields the input
   * unchanged (a body that declares chunked but is not, as in 25 responses of pywb's iana.warc.gz,
   * is served as it was captured).
   */
  readonly chunked: boolean
  /**
   * The decoded payload when `chunked`, else the raw input. Iterate once. If the encoding turns
   * invalid midway, decoding stops there (nothing undecoded is passed off as payload) and
   * `result` says where: `valid` false, `rawLength` at the offending byte.
   */
  readonly body: AsyncIterable<Uint8Array>
  /** Settles when `body` has been read to its end (or abandoned with `return`). */
  readonly result: Promise<DechunkResult>
}

/**
 * Streaming chunked-transfer decoding. Reads only as far as the first chunk-size line before
 * resolving, so a caller can decide between decoded and raw output before sending anything.
 */
export async function dechunk (input: AsyncIterable<Uint8Array>): Promise<Dechunking> {
  const source = input[Symbol.asyncIterator]()
  const decoder = new ChunkedDecoder()
  const peeked: Uint8Array[] = []
  const decoded: Uint8Array[] = []
  let exhausted = false
  while (!decoder.started && !decoder.invalid) {
    const r = await source.next()
    if (r.done === true) { exhausted = true; break }
    peeked.push(r.value)
    decoded.push(...decoder.push(r.value))
  }

  let settle!: (r: DechunkResult) => void
  const result = new Promise<DechunkResult>((resolve) => { settle = resolve })
  const chunked = decoder.started

  async function * raw (): AsyncGenerator<Uint8Array, void, undefined> {
    let completed = false
    try {
      yield * peeked
      if (!exhausted) {
        for (let r = await source.next(); r.done !== true; r = await source.next()) yield r.value
      }
      completed = true
    } finally {
      if (!completed && !exhausted) await source.return?.()
      settle(decoder.end())
    }
  }

  async function * decode (): AsyncGenerator<Uint8Array, void, undefined> {
    let completed = false
    try {
      yield * decoded
      if (!exhausted && !decoder.invalid) {
        for (let r = await source.next(); r.done !== true; r = await source.next()) {
          yield * decoder.push(r.value)
          if (decoder.invalid) break
        }
      }
      completed = !decoder.invalid
    } finally {
      if (!completed && !exhausted) await source.return?.()
      settle(decoder.end())
    }
  }

  return { chunked, body: chunked ? decode() : raw(), result }
}
