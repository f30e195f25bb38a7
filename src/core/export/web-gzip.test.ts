import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { collectBytes } from '../bytes.ts'
import { webGzipMember } from './web-gzip.ts'

async function * parts (...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const t of texts) yield new TextEncoder().encode(t)
}

describe('gzip members on CompressionStream', () => {
  it('compress a record streamed in parts into one member', async () => {
    const member = await collectBytes(webGzipMember(parts('WARC/1.1\r\n', 'x'.repeat(100_000), '\r\n\r\n')))
    expect(gunzipSync(member).toString()).toBe(`WARC/1.1\r\n${'x'.repeat(100_000)}\r\n\r\n`)
  })

  it('fail when the record cannot be read', async () => {
    const failing = (async function * () { yield new Uint8Array([1]); throw new Error('block missing') })()
    await expect(collectBytes(webGzipMember(failing))).rejects.toThrow()
  })
})
