import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/**
 * A WARC written by the test, for the payload cases the fixtures hold few of: chunked bodies with
 * extensions and trailers, gzip kept through de-chunking, a body that declares chunked but is not,
 * every byte value, nanosecond and centisecond datetimes, revisits by digest and of zero bytes,
 * a resource record.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** `sha1:<base32>`, the payload digest crawlers write. */
export function sha1Digest (bytes: Uint8Array): string {
  const hash = createHash('sha1').update(bytes).digest()
  let bits = ''
  for (const b of hash) bits += b.toString(2).padStart(8, '0')
  let out = ''
  for (let i = 0; i < bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)] ?? ''
  return `sha1:${out}`
}

function record (type: string, url: string, date: string, block: Uint8Array, headers: Record<string, string> = {}): Buffer {
  const contentType = type === 'resource' ? 'text/plain' : 'application/http; msgtype=response'
  const extra = Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')
  return Buffer.concat([
    Buffer.from(`WARC/1.1\r\nWARC-Type: ${type}\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\n${extra}` +
      `Content-Type: ${contentType}\r\nContent-Length: ${block.length}\r\n\r\n`, 'latin1'),
    block, Buffer.from('\r\n\r\n')
  ])
}

function http (head: string[], body: Uint8Array | string = ''): Buffer {
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body])
}

/** `size;ext\r\n data \r\n` per piece, then a 0 chunk with a trailer. */
function chunked (pieces: Uint8Array[]): Buffer {
  return Buffer.concat([
    ...pieces.flatMap((p, i) => [Buffer.from(`${p.length.toString(16)}${i === 0 ? ';name=value' : ''}\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from('0\r\nX-Trailer: yes\r\n\r\n')
  ])
}

const OK = (...more: string[]): string[] => ['HTTP/1.1 200 OK', 'Content-Type: application/octet-stream', ...more]

export function writtenWarc (): Uint8Array {
  const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i)
  const text = Buffer.from('a body that is gzipped, then chunked '.repeat(40))
  const gz = gzipSync(text)
  const page = Buffer.from('<html><body>page</body></html>')
  return Buffer.concat([
    record('response', 'http://written.test/chunked', '2020-01-02T03:04:05Z',
      http(OK('Transfer-Encoding: chunked'), chunked([everyByte.subarray(0, 100), everyByte.subarray(100)]))),
    record('response', 'http://written.test/gzip-chunked', '2020-01-02T03:04:05Z',
      http(OK('Content-Encoding: gzip', 'Transfer-Encoding: chunked'), chunked([gz.subarray(0, 10), gz.subarray(10, 11), gz.subarray(11)]))),
    record('response', 'http://written.test/gzip', '2020-01-02T03:04:05Z', http(OK('Content-Encoding: gzip', `Content-Length: ${gz.length}`), gz)),
    record('response', 'http://written.test/declares-chunked', '2020-01-02T03:04:05Z',
      http(OK('Transfer-Encoding: chunked'), 'this was de-chunked by the crawler already')),
    record('response', 'http://written.test/bytes?q=1&r=2', '2020-01-02T03:04:05.123456789Z', http(OK(), everyByte),
      { 'WARC-Payload-Digest': sha1Digest(everyByte) }),
    record('response', 'http://written.test/bytes?q=1&r=2', '2020-01-02T03:04:05.12Z', http(OK(), page), { 'WARC-Payload-Digest': sha1Digest(page) }),
    record('revisit', 'http://written.test/bytes?q=1&r=2', '2021-06-07T08:09:10Z', http(OK()), {
      'WARC-Payload-Digest': sha1Digest(everyByte), 'WARC-Profile': 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'
    }),
    record('response', 'http://written.test/moved', '2020-01-02T03:04:05Z', http(['HTTP/1.1 302 Found', 'Location: /bytes', 'Content-Length: 0']),
      { 'WARC-Payload-Digest': sha1Digest(new Uint8Array(0)) }),
    record('revisit', 'http://written.test/moved', '2021-01-02T03:04:05Z', http(['HTTP/1.1 302 Found', 'Location: /bytes', 'Content-Length: 0']), {
      'WARC-Payload-Digest': sha1Digest(new Uint8Array(0)), 'WARC-Profile': 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'
    }),
    record('revisit', 'http://written.test/moved-elsewhere', '2021-01-02T03:04:05Z', http(['HTTP/1.1 301 Moved Permanently', 'Location: /']), {
      'WARC-Payload-Digest': sha1Digest(new Uint8Array(0)), 'WARC-Profile': 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest'
    }),
    record('resource', 'http://written.test/notes.txt', '2020-01-02T03:04:05Z', Buffer.from('a resource record: the block is the payload\r\n'))
  ])
}
