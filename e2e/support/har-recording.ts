import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { crc32, deflateSync, gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { CHROMIUM } from './browser.ts'

/** A response the test site gives: its body, type, and how it is sent (gzipped, chunked). */
export interface SiteFile { body: Uint8Array, type: string, gzip?: boolean, chunked?: boolean }

/** A site on 127.0.0.1 serving `files` by path, as a real server would send them (404 for anything else). */
export async function startSite (files: Record<string, SiteFile>): Promise<{ url: string, close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname]
    if (file == null) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here')
      return
    }
    const body = file.gzip === true ? gzipSync(file.body) : file.body
    const headers: Record<string, string> = { 'Content-Type': file.type, 'Cache-Control': 'no-store' }
    if (file.gzip === true) headers['Content-Encoding'] = 'gzip'
    // without a Content-Length, Node sends the body chunked
    if (file.chunked !== true) headers['Content-Length'] = String(body.byteLength)
    res.writeHead(200, headers)
    res.end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, close: async () => { await new Promise(resolve => server.close(resolve)) } }
}

/**
 * Loads `url` in Chromium with HAR recording on (bodies embedded, as "Save all as HAR with content"
 * keeps them) and writes the HAR to `path` when the context closes.
 */
export async function recordHar (url: string, path: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
  try {
    const context = await browser.newContext({ recordHar: { path, content: 'embed' } })
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForFunction(() => [...document.images].every(i => i.complete))
    await context.close()
  } finally {
    await browser.close()
  }
}

/**
 * A valid PNG of `size`×`size` noisy RGB pixels (so it compresses little and holds every byte value):
 * a browser loads it whole, where it stops loading bytes that do not decode as an image.
 */
export function noisePng (size: number, seed = 1): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    typed.copy(out, 4)
    out.writeUInt32BE(crc32(typed), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc(size * (1 + size * 3))
  let x = seed >>> 0
  for (let i = 0; i < rows.length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    // each row starts with its filter type, 0
    rows[i] = i % (1 + size * 3) === 0 ? 0 : x >>> 24
  }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0))])
}
