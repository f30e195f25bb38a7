import { toDigits14 } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'

/** The WACZ version these parts follow (https://specs.webrecorder.net/wacz/1.1.1/). */
export const WACZ_VERSION = '1.1.1'
/** CDXJ lines per compressed block of `indexes/index.cdx.gz`, as py-wacz and ArchiveWeb.page write them. */
export const LINES_PER_BLOCK = 1024

export interface WaczPage {
  url: string
  ts: Datetime
  title?: string
}

/** A file of the WACZ as datapackage.json lists it. */
export interface WaczResource {
  path: string
  /** `sha256:` + hex */
  hash: string
  bytes: number
}

const encoder = new TextEncoder()

/** The first line of `indexes/index.idx`. */
export const ZIPNUM_META = '!meta 0 {"format":"cdxj-gzip-1.0","filename":"index.cdx.gz"}'

/** One compressed block of `indexes/index.cdx.gz` and its line of `indexes/index.idx`. */
export interface ZipNumBlock {
  member: Uint8Array
  idxLine: string
}

/**
 * `indexes/index.cdx.gz` and `indexes/index.idx` (ZipNum): the sorted CDXJ lines in blocks, each block
 * its own gzip member, and a line per block naming its first key and its byte range. ReplayWeb.page
 * loads the small `.idx` and then fetches only the blocks a lookup needs, by range. Streams: one block
 * of lines at a time.
 */
export async function * zipNumBlocks (sortedLines: AsyncIterable<string> | Iterable<string>, gzip: (bytes: Uint8Array) => Promise<Uint8Array>, linesPerBlock = LINES_PER_BLOCK): AsyncGenerator<ZipNumBlock> {
  let offset = 0
  let block: string[] = []
  const flush = async (): Promise<ZipNumBlock> => {
    const member = await gzip(encoder.encode(block.join('\n') + '\n'))
    const first = block[0] ?? ''
    // the block's first key: its urlkey and timestamp (the text before the JSON)
    const key = first.slice(0, first.indexOf(' {'))
    const idxLine = `${key} ${JSON.stringify({ offset, length: member.byteLength })}`
    offset += member.byteLength
    block = []
    return { member, idxLine }
  }
  for await (const line of sortedLines) {
    block.push(line)
    if (block.length === linesPerBlock) yield await flush()
  }
  if (block.length > 0) yield await flush()
}

/** zipNumBlocks gathered in memory: `cdx` the members, `idx` the whole index file. */
export async function zipNumIndex (sortedLines: string[], gzip: (bytes: Uint8Array) => Promise<Uint8Array>, linesPerBlock = LINES_PER_BLOCK): Promise<{ cdx: Uint8Array[], idx: string }> {
  const cdx: Uint8Array[] = []
  const idx = [ZIPNUM_META]
  for await (const { member, idxLine } of zipNumBlocks(sortedLines, gzip, linesPerBlock)) {
    cdx.push(member)
    idx.push(idxLine)
  }
  return { cdx, idx: idx.join('\n') + '\n' }
}

/** The first line of `pages/pages.jsonl`. */
export const PAGES_HEADER = JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' })

/** The line of `pages/pages.jsonl` for the `index`th page (0-based): url, ISO ts, title. */
export function pageLine (page: WaczPage, index: number): string {
  const line: Record<string, string> = { id: `${toDigits14(page.ts)}-${index}`, url: page.url, ts: page.ts }
  if (page.title != null) line.title = page.title
  return JSON.stringify(line)
}

/** `pages/pages.jsonl`: the header line, then one line per page. */
export function pagesJsonl (pages: WaczPage[]): string {
  return [PAGES_HEADER, ...pages.map(pageLine)].join('\n') + '\n'
}

export interface PackageInfo {
  title?: string
  description?: string
  software: string
  /** ISO datetime of the export */
  created: string
  mainPageURL?: string
  mainPageDate?: string
}

/** `datapackage.json`: every other file of the WACZ with its sha256 and size, and the package's metadata. */
export function datapackage (resources: WaczResource[], info: PackageInfo): string {
  const pkg: Record<string, unknown> = {
    profile: 'data-package',
    resources: resources.map(r => ({ name: r.path.slice(r.path.lastIndexOf('/') + 1).toLowerCase(), path: r.path, hash: r.hash, bytes: r.bytes }))
  }
  if (info.title != null && info.title !== '') pkg.title = info.title
  if (info.description != null && info.description !== '') pkg.description = info.description
  if (info.mainPageURL != null) pkg.mainPageURL = info.mainPageURL
  if (info.mainPageDate != null) pkg.mainPageDate = info.mainPageDate
  pkg.created = info.created
  pkg.wacz_version = WACZ_VERSION
  pkg.software = info.software
  return JSON.stringify(pkg, null, 2)
}

/** `datapackage-digest.json`, unsigned: the hash of datapackage.json's bytes. */
export function datapackageDigest (datapackageHash: string): string {
  return JSON.stringify({ path: 'datapackage.json', hash: datapackageHash }, null, 2)
}
