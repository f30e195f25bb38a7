import type { RecordEnd } from './warc-types.ts'

/**
 * The body of a streamed record: pieces already read, then the rest of the content. The
 * consumer's `return()` does not stop reading (the reader must still get past the record): it
 * reads on to the end, as `drain` does when the reader moves on; after that the body yields nothing.
 */
export function streamBody (
  prefix: Uint8Array[],
  content: AsyncGenerator<Uint8Array, void, undefined>,
  settle: (length: number) => RecordEnd
): { body: AsyncIterable<Uint8Array>, end: Promise<RecordEnd>, drain: () => Promise<void> } {
  let resolveEnd!: (end: RecordEnd) => void
  const end = new Promise<RecordEnd>((resolve) => { resolveEnd = resolve })
  let length = 0
  let finished = false
  let detached = false
  let queue: Promise<unknown> = Promise.resolve()
  const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined }

  const pull = async (): Promise<IteratorResult<Uint8Array, undefined>> => {
    const first = prefix.shift()
    if (first != null) {
      length += first.length
      return { done: false, value: first }
    }
    if (finished) return DONE
    const r = await content.next()
    if (r.done === true) {
      finished = true
      resolveEnd(settle(length))
      return DONE
    }
    length += r.value.length
    return r
  }
  // one read at a time, in order, whoever asks (the consumer or the reader's drain)
  const next = (): Promise<IteratorResult<Uint8Array, undefined>> => {
    const p = queue.then(pull)
    queue = p.catch(() => undefined)
    return p
  }

  const drain = async (): Promise<void> => {
    detached = true
    while ((await next()).done !== true) { /* skip what the consumer left */ }
  }
  const body: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => detached ? DONE : await next(),
      // Reading on to the record's end now (rather than at the next event) lets a consumer that
      // stopped early await `end` right away.
      return: async () => {
        await drain()
        return DONE
      }
    })
  }
  return { body, end, drain }
}

/**
 * A buffered record's body: its content, once. A class, not an object literal with a computed
 * `[Symbol.asyncIterator]` key, which V8 builds on a slow path for every record (most bodies are never
 * iterated: consumers take `content`).
 */
class Once implements AsyncIterable<Uint8Array> {
  constructor (private readonly bytes: Uint8Array) {}

  async * [Symbol.asyncIterator] (): AsyncGenerator<Uint8Array> {
    yield this.bytes
  }
}

export function once (bytes: Uint8Array): AsyncIterable<Uint8Array> {
  return new Once(bytes)
}
