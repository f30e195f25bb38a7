import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'
import { hashers } from '../../archive/archive-test-support.ts'
import type { IngestItem } from '../../ingest/read-record-outcomes.ts'
import { responseRecord } from '../../replay/replay-test-support.ts'
import { memorySource } from './byte-source.ts'
import { waczItems } from './wacz-items.ts'

const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s)
const hex = (b: ArrayBuffer): string => Buffer.from(b).toString('hex')
const sha256 = async (b: Uint8Array): Promise<string> => hex(await crypto.subtle.digest('SHA-256', new Uint8Array(b)))

/** A zip of the files, in order; `level` 0 stores them (as WACZ writers store WARCs), else deflates. */
export async function zipBytes (files: Array<[string, Uint8Array]>, level = 0): Promise<Uint8Array> {
  const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false })
  for (const [name, bytes] of files) await writer.add(name, new Uint8ArrayReader(bytes), { level })
  return await writer.close()
}

/** Two pages and their responses: the page with a title in pages.jsonl, a page with none, and a resource. */
export const TEST_WARC = Buffer.concat([
  responseRecord('http://example.com/', '2024-01-02T03:04:05Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html', '<title>HTML title</title>hello'),
  responseRecord('http://example.com/b', '2024-01-02T03:04:06Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/html', 'page b'),
  responseRecord('http://example.com/style.css', '2024-01-02T03:04:07Z', 'HTTP/1.1 200 OK\r\nContent-Type: text/css', 'body {}')
])

export const TEST_PAGES = [
  '{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}',
  '{"id": "1", "url": "http://example.com/", "ts": "2024-01-02T03:04:05Z", "title": "Crawl title"}',
  'not json',
  '{"id": "2", "url": "http://example.com/b", "ts": "2024-01-02T03:04:06Z"}',
  '{"id": "3", "url": "http://example.com/never-captured", "title": "Missing"}'
].join('\n') + '\n'

export interface WaczOptions {
  files?: Array<[string, Uint8Array]>
  /** signs datapackage.json anonymously with this key pair (ECDSA, its public key in the digest file) */
  sign?: CryptoKeyPair
  /** writes an unsigned datapackage-digest.json */
  digest?: boolean
  /** changes the files after the datapackage and digest are made (tampering) */
  tamper?: (files: Map<string, Uint8Array>) => void
}

/** A WACZ 1.1 as ArchiveWeb.page writes one: resources hashed (sha256:<hex>), optionally signed. */
export async function buildWacz (options: WaczOptions = {}): Promise<Uint8Array> {
  const files = new Map(options.files ?? [['archive/data.warc', new Uint8Array(TEST_WARC)], ['pages/pages.jsonl', utf8(TEST_PAGES)]])
  const resources = []
  for (const [path, bytes] of files) resources.push({ name: path.slice(path.lastIndexOf('/') + 1), path, hash: `sha256:${await sha256(bytes)}`, bytes: bytes.length })
  const datapackage = utf8(JSON.stringify({ profile: 'data-package', resources, wacz_version: '1.1.1', title: 'test' }, null, 2))
  files.set('datapackage.json', datapackage)
  if (options.sign != null || options.digest === true) {
    const hash = `sha256:${await sha256(datapackage)}`
    const digest: Record<string, unknown> = { path: 'datapackage.json', hash }
    if (options.sign != null) {
      const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, options.sign.privateKey, utf8(hash))
      const publicKey = await crypto.subtle.exportKey('spki', options.sign.publicKey)
      digest.signedData = { hash, signature: Buffer.from(signature).toString('base64'), publicKey: Buffer.from(publicKey).toString('base64'), created: '2024-01-02T03:04:05Z' }
    }
    files.set('datapackage-digest.json', utf8(JSON.stringify(digest)))
  }
  options.tamper?.(files)
  return await zipBytes([...files])
}

/** The items of a WACZ in memory (WARC members taken as they are: the tests' WARCs are not gzipped). */
export async function waczItemList (bytes: Uint8Array, file = 't.wacz'): Promise<IngestItem[]> {
  const items: IngestItem[] = []
  const ctx = { file, sink: { put: async () => {} }, hashers, keepSecrets: false }
  for await (const item of waczItems(memorySource(bytes), { file, ctx, warcBytes: (m) => m })) items.push(item)
  return items
}
