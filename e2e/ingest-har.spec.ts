import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readIparo } from '../src/core/iparo/iparo-root.ts'
import { openEmbeddedStore } from '../src/node/embedded-store.ts'
import { noisePng, recordHar, startSite, type SiteFile } from './support/har-recording.ts'
import { fresh, iparo, json, serve, type Served } from './support/iparo-process.ts'

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'))
const FILES: Record<string, SiteFile> = {
  '/': { body: Buffer.from('<!doctype html><html><head><title>HAR page</title></head><body><img src="/a.png"><img src="/b.png"></body></html>'), type: 'text/html; charset=utf-8', gzip: true },
  '/a.png': { body: PNG, type: 'image/png' },
  // ~30 KB of bytes no text round trip keeps (base64 in the HAR), sent chunked
  '/b.png': { body: noisePng(100), type: 'image/png', chunked: true }
}

interface Ingested { iparos: Array<{ cid: string, uri: string, datetime: string }>, mementos: number }
let site: { url: string, close: () => Promise<void> }
let node: Served
let data: string
let ingested: Ingested

beforeAll(async () => {
  site = await startSite(FILES)
  data = fresh()
  const har = join(data, 'page.har')
  await recordHar(site.url, har)
  ingested = json(await iparo(['ingest', har, '--json', '--data', data])) as unknown as Ingested
  node = await serve(data)
}, 120_000)
afterAll(async () => {
  await node?.stop()
  await site?.close()
})

/** The replay of `path` on the site, `id_` (the bytes as archived) at its capture's exact datetime. */
const replay = async (path: string): Promise<{ status: number, body: Buffer, cid: string }> => {
  const uri = new URL(path, site.url).href
  const m = ingested.iparos.find(i => i.uri === uri)
  if (m == null) throw new Error(`no memento of ${uri}: ${JSON.stringify(ingested.iparos)}`)
  const digits = m.datetime.replace(/[^\d]/g, '')
  const r = await fetch(new URL(`default/${digits}id_/${uri}`, node.url), { redirect: 'manual' })
  return { status: r.status, body: Buffer.from(await r.arrayBuffer()), cid: m.cid }
}
/** The IPARO header's `reconstructed`, read from the data folder as `iparo show` reads it (in this process: no CLI start per CID). */
const reconstructed = async (cid: string): Promise<string[] | undefined> => {
  const store = await openEmbeddedStore(data)
  try {
    return (await readIparo(store.blocks, CID.parse(cid))).header.reconstructed
  } finally {
    await store.close()
  }
}

describe('a HAR recorded by Chromium, ingested and replayed through iparo serve', () => {
  it('replays the page and its images byte for byte', async () => {
    expect(ingested.mementos).toBeGreaterThanOrEqual(3)
    const page = await replay('/')
    expect(page.status).toBe(200)
    expect(page.body.equals(Buffer.from(FILES['/']?.body ?? ''))).toBe(true)
    for (const path of ['/a.png', '/b.png']) {
      const img = await replay(path)
      expect(img.status, path).toBe(200)
      expect(img.body.equals(Buffer.from(FILES[path]?.body ?? '')), path).toBe(true)
    }
  })

  it('marks each memento with what its HTTP messages were given: the gzip coding and chunking the HAR decoded away', async () => {
    expect(await reconstructed((await replay('/')).cid)).toEqual(expect.arrayContaining(['content-encoding', 'content-length']))
    expect(await reconstructed((await replay('/b.png')).cid)).toEqual(expect.arrayContaining(['transfer-coding', 'content-length']))
    // the HAR file itself is what was ingested: no WARC in between on disk
    expect(readFileSync(join(data, 'page.har'), 'utf8')).toMatch(/^\{\s*"log"/)
  })
})
