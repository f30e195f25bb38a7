import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import type { ExportSelection } from '../../core/export/export-order.ts'
import { datapackage, datapackageDigest, PAGES_HEADER, pageLine, ZIPNUM_META, zipNumBlocks, type PackageInfo, type WaczResource } from '../../core/export/wacz-parts.ts'
import { writeAtomically } from './atomic-file.ts'
import { HashedFile } from './hashed-file.ts'
import type { LineSorter } from './line-sorter.ts'
import { gzipBytes } from './node-gzip.ts'
import { writeWarcFile, type WarcFileResult } from './warc-file.ts'

export interface WaczFileResult {
  mementos: number
  pages: number
  /** bytes of the WACZ */
  bytes: number
  /** bytes of its archive/data.warc.gz */
  warcBytes: number
}

/** Members above this size are written as zip64 (4 GiB less room for the headers). */
const ZIP32_LIMIT = 0xffffffff - (1 << 20)
const encoder = new TextEncoder()

function sha256 (bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

async function sha256File (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return `sha256:${hash.digest('hex')}`
}

/** A member of the zip: a file written beside it, or bytes in memory. */
type Member = { path: string, file: string, bytes: number } | { path: string, data: Uint8Array }

/**
 * Writes a WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/): `archive/data.warc.gz` (the WARC
 * export, per-record gzip, stored so that byte ranges reach its records), `indexes/index.cdx.gz` +
 * `indexes/index.idx` (ZipNum CDXJ, stored), `pages/pages.jsonl`, `datapackage.json` with every
 * file's sha256 and size, and an unsigned `datapackage-digest.json`. Every member but the two small
 * JSON files is written to a temporary folder beside `path` first (the WARC's hash and the index
 * offsets need it whole), hashed as it is written, and streamed into the zip: memory does not grow
 * with the archive (the index lines are sorted on disk under `dataDir/tmp/`).
 */
export async function writeWaczFile (
  blocks: BlockGetter, rootCid: CID, path: string,
  options: { selection: ExportSelection, dataDir: string, info: Omit<PackageInfo, 'created'>, now?: Date }
): Promise<WaczFileResult> {
  const dir = await mkdtemp(join(dirname(path), '.iparo-wacz-'))
  try {
    const warcPath = join(dir, 'data.warc.gz')
    const { warc, pages } = await writeWarcAndPages(blocks, rootCid, warcPath, join(dir, 'pages.jsonl'), options)
    const index = await writeIndexFiles(dir, warc.index).finally(async () => { await warc.index.close() })
    const files: Array<{ path: string, file: string, hash: string, bytes: number }> = [
      { path: 'archive/data.warc.gz', file: warcPath, hash: await sha256File(warcPath), bytes: warc.bytes },
      { path: 'indexes/index.cdx.gz', file: index.cdx.file, ...index.cdx.written },
      { path: 'indexes/index.idx', file: index.idx.file, ...index.idx.written },
      { path: 'pages/pages.jsonl', ...pages }
    ]
    const resources: WaczResource[] = files.map(f => ({ path: f.path, hash: f.hash, bytes: f.bytes }))
    const created = (options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z')
    const pkg = encoder.encode(datapackage(resources, { ...options.info, created }))
    const members: Member[] = [
      ...files.map(f => ({ path: f.path, file: f.file, bytes: f.bytes })),
      { path: 'datapackage.json', data: pkg },
      { path: 'datapackage-digest.json', data: encoder.encode(datapackageDigest(sha256(pkg))) }
    ]
    const bytes = await writeAtomically(path, async (partial) => writeZip(partial, members))
    return { mementos: warc.mementos, pages: warc.pages, bytes, warcBytes: warc.bytes }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The WARC, and `pages.jsonl` written as its pages are chosen. */
async function writeWarcAndPages (
  blocks: BlockGetter, rootCid: CID, warcPath: string, pagesPath: string, options: { selection: ExportSelection, dataDir: string }
): Promise<{ warc: WarcFileResult, pages: { file: string, hash: string, bytes: number } }> {
  const pagesFile = await HashedFile.create(pagesPath)
  let warc: WarcFileResult
  try {
    await pagesFile.append(PAGES_HEADER + '\n')
    let page = 0
    warc = await writeWarcFile(blocks, rootCid, warcPath, {
      selection: options.selection, dataDir: options.dataDir, filename: 'data.warc.gz', onPage: async p => { await pagesFile.append(pageLine(p, page++) + '\n') }
    })
  } catch (err) {
    await pagesFile.abandon()
    throw err
  }
  try {
    return { warc, pages: { file: pagesPath, ...await pagesFile.finish() } }
  } catch (err) {
    await warc.index.close()
    throw err
  }
}

/** `index.cdx.gz` and `index.idx` from the sorted lines, a ZipNum block at a time. */
async function writeIndexFiles (dir: string, lines: LineSorter): Promise<Record<'cdx' | 'idx', { file: string, written: { hash: string, bytes: number } }>> {
  const cdx = await HashedFile.create(join(dir, 'index.cdx.gz'))
  const idx = await HashedFile.create(join(dir, 'index.idx'))
  try {
    await idx.append(ZIPNUM_META + '\n')
    for await (const block of zipNumBlocks(lines.sorted(), gzipBytes)) {
      await cdx.append(block.member)
      await idx.append(block.idxLine + '\n')
    }
  } catch (err) {
    await cdx.abandon()
    await idx.abandon()
    throw err
  }
  return { cdx: { file: cdx.path, written: await cdx.finish() }, idx: { file: idx.path, written: await idx.finish() } }
}

/**
 * The zip: every member stored (the WARC and the CDXJ blocks are gzip already, and ranges must reach
 * them). A file is streamed in with zip64 only when it needs it, which writes the same bytes as
 * adding it from memory.
 */
async function writeZip (partial: string, members: Member[]): Promise<number> {
  let written = 0
  const out = createWriteStream(partial)
  const counting = new Writable({
    write (chunk: Buffer, _encoding, done) {
      written += chunk.byteLength
      out.write(chunk, done)
    },
    final (done) { out.end(done) }
  })
  const zip = new ZipWriter(Writable.toWeb(counting), { useWebWorkers: false, level: 0 })
  for (const member of members) {
    if ('data' in member) await zip.add(member.path, new Uint8ArrayReader(member.data))
    else await zip.add(member.path, Readable.toWeb(createReadStream(member.file)) as ReadableStream<Uint8Array>, { zip64: member.bytes > ZIP32_LIMIT })
  }
  await zip.close()
  return written
}
