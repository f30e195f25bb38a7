/**
 * A web body as an async iterable, read with a reader loop: the DOM typings this project builds with
 * do not declare ReadableStream iterable, and not every worker's streams are.
 */
export async function * bodyChunks (body: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (body == null) return
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}
