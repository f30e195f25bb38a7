import { beforeAll, describe, expect, it } from 'vitest'
import { responseRecord, testArchive, type TestArchive } from '../replay/replay-test-support.ts'
import { surt } from '../surt.ts'

// Perma.cc records uploads under file:/// URLs as typed, spaces and all; a browser can only send them escaped.
const FILE = 'file:///example with spaces.png'
const PAGE = 'http://example.com/çà et là/?q=crème brûlée'
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function resourceRecord (url: string, date: string, type: string, body: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`)
  return new Uint8Array([...head, ...body, 13, 10, 13, 10])
}

describe('captures of URLs HTTP cannot carry verbatim, asked for by their percent-encoded form', () => {
  let archive: TestArchive
  beforeAll(async () => {
    archive = await testArchive(new Uint8Array([
      ...resourceRecord(FILE, '2020-01-01T00:00:00Z', 'image/png', PNG),
      ...responseRecord(PAGE, '2020-01-01T00:00:00Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'page')
    ]))
  })

  it.each([
    [FILE, 'file:///example%20with%20spaces.png', PNG],
    [PAGE, 'http://example.com/%C3%A7%C3%A0%20et%20l%C3%A0/?q=cr%C3%A8me%20br%C3%BBl%C3%A9e', new TextEncoder().encode('page')]
  ])('%s', async (captured, encoded, body) => {
    expect(surt(encoded)).toBe(surt(captured))
    // what the URL parser leaves of the path is what every route receives
    const sent = new URL(`http://node.test/a/20200101000000id_/${encoded}`)
    const r = await archive.fetch(sent.pathname + sent.search)
    expect(r.status).toBe(200)
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(body)
  })
})
