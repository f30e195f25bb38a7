import { writeFileSync } from 'node:fs'

export interface Capture { url: string, date: string, contentType: string, body: string | Buffer, status?: number }

/** A plain WARC of response records, written byte for byte (the tests' own pages, beside the real fixtures). */
export function writeWarc (path: string, captures: Capture[]): void {
  const parts: Buffer[] = []
  for (const [i, c] of captures.entries()) {
    const body = typeof c.body === 'string' ? Buffer.from(c.body) : c.body
    const http = Buffer.concat([Buffer.from(`HTTP/1.1 ${c.status ?? 200} OK\r\nContent-Type: ${c.contentType}\r\nContent-Length: ${body.length}\r\n\r\n`), body])
    const head = `WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}>\r\n` +
      `WARC-Date: ${c.date}\r\nWARC-Target-URI: ${c.url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`
    parts.push(Buffer.from(head), http, Buffer.from('\r\n\r\n'))
  }
  writeFileSync(path, Buffer.concat(parts))
}
