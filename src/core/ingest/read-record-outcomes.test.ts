import { describe, expect, it } from 'vitest'
import { ingestBytes } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { responseRecord } from '../replay/replay-test-support.ts'
import { MAX_URL_BYTES } from './max-url-bytes.ts'

const page = (url: string): Uint8Array => responseRecord(url, '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'hello')

function warcinfo (contentLength: number): Uint8Array {
  const body = 'software: hand-made\r\n'
  return Buffer.from(`WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2020-01-01T00:00:00Z\r\nContent-Length: ${contentLength}\r\n\r\n${body}\r\n\r\n`)
}

describe('ingest items of a damaged WARC', () => {
  it('report a record declaring Content-Length ≥ 10⁹ with its offset, and ingest the records after it', async () => {
    // a streamed record that nobody reads (a warcinfo) must not leave its end unsettled
    const a = await ingestBytes(new MemoryBlockStore(), Buffer.concat([warcinfo(1_000_000_000), page('http://a.example/after'), page('http://a.example/last')]))
    expect(a.summary.iparos.map(i => i.uri)).toEqual(['http://a.example/after', 'http://a.example/last'])
    expect(a.summary.errors).toMatchObject([{ code: 'overrun', offset: 0 }])

    const before = page('http://a.example/before')
    const huge = Buffer.from(Buffer.from(page('http://a.example/huge')).toString('latin1').replace(/Content-Length: \d+/, 'Content-Length: 1000000000'), 'latin1')
    const b = await ingestBytes(new MemoryBlockStore(), Buffer.concat([before, huge, page('http://a.example/after')]))
    expect(b.summary.iparos.map(i => i.uri)).toEqual(['http://a.example/before', 'http://a.example/after'])
    expect(b.summary.errors).toMatchObject([{ code: 'overrun', offset: before.length }])
  })

  it('skip a record whose target URI is over the URL limit, with a clear error, and ingest the rest', async () => {
    const long = `http://b.example/${'x'.repeat(200_000)}`
    const bytes = Buffer.concat([page('http://b.example/1'), page(long), page('http://b.example/3')])
    const { summary } = await ingestBytes(new MemoryBlockStore(), bytes)
    expect(summary.iparos.map(i => i.uri)).toEqual(['http://b.example/1', 'http://b.example/3'])
    expect(summary.errors).toMatchObject([{ code: 'url-too-long', offset: page('http://b.example/1').length }])
    expect(summary.errors[0]?.message).toContain(`over ${MAX_URL_BYTES} bytes`)
    // at the limit it is kept
    const atLimit = `http://b.example/${'y'.repeat(MAX_URL_BYTES - 'http://b.example/'.length)}`
    expect((await ingestBytes(new MemoryBlockStore(), page(atLimit))).summary.mementos).toBe(1)
  })
})
