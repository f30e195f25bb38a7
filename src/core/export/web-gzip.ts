import type { GzipMember } from './warc-writer.ts'

/**
 * A GzipMember on the web platform's CompressionStream (browsers, service workers, Node ≥ 18): what a
 * browser export passes to writeWarc. The input is written while the output is read, so a record of
 * any size streams through.
 */
export const webGzipMember: GzipMember = async function * (chunks) {
  const stream = new CompressionStream('gzip')
  const writer = stream.writable.getWriter()
  const feeding = (async () => {
    // Uint8Array<ArrayBufferLike> → BufferSource: the stream takes any Uint8Array view
    for await (const chunk of chunks) await writer.write(chunk as Uint8Array<ArrayBuffer>)
    await writer.close()
  })()
  // a failing input aborts the stream, so the reader below ends with that error too
  feeding.catch(async (err: unknown) => { await writer.abort(err).catch(() => {}) })
  const reader = stream.readable.getReader()
  for (let next = await reader.read(); next.done !== true; next = await reader.read()) yield next.value
  await feeding
}
