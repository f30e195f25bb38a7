import type { SyntheticCrawl } from './synthetic-crawl.ts'
import { mix } from './synthetic-crawl.ts'

const enc = new TextEncoder()
/** records per chunk handed to the WARC reader */
const CHUNK_RECORDS = 256

function warcDate (ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function uuid (g: number): string {
  const hex = [mix(g, 11), mix(g, 12), mix(g, 13), mix(g, 14)].map(n => n.toString(16).padStart(8, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** One WARC/1.1 response record, as a crawler writes it (no request record: the captures stay small). */
export function responseRecord (crawl: SyntheticCrawl, g: number): string {
  const i = g % crawl.urls
  const v = Math.floor(g / crawl.urls)
  const ms = crawl.datetimeMs(i, v)
  // ASCII throughout: string lengths are byte lengths
  const body = crawl.html(i, v)
  const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nDate: ${new Date(ms).toUTCString()}\r\nServer: synthetic\r\n\r\n`
  const block = http.length + body.length
  const head = `WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:${uuid(g)}>\r\nWARC-Date: ${warcDate(ms)}\r\n` +
    `WARC-Target-URI: ${crawl.url(i)}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${block}\r\n\r\n`
  return `${head}${http}${body}\r\n\r\n`
}

/**
 * The uncompressed WARC of the captures with global indexes [from, to): capture g is URL g mod urls in
 * crawl ⌊g / urls⌋, so a run of consecutive indexes is part of one crawl (or two), in host order.
 */
export async function * crawlWarc (crawl: SyntheticCrawl, from: number, to: number): AsyncGenerator<Uint8Array> {
  for (let g = from; g < to; g += CHUNK_RECORDS) {
    let text = ''
    for (let k = g; k < Math.min(to, g + CHUNK_RECORDS); k++) text += responseRecord(crawl, k)
    yield enc.encode(text)
  }
}
