import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js'
import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../../core/blocks.ts'
import type { ExportSelection } from '../../core/export/export-order.ts'
import { datapackage, datapackageDigest, pagesJsonl, zipNumIndex, type PackageInfo, type WaczResource } from '../../core/export/wacz-parts.ts'
import { writeAtomically } from './atomic-file.ts'
import { gzipBytes } from './node-gzip.ts'
import { writeWarcFile } from './warc-file.ts'

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

/**
 * Writes a WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/): `archive/data.warc.gz` (the WARC
 * export, per-record gzip, stored so that byte ranges reach its records), `indexes/index.cdx.gz` +
 * `indexes/index.idx` (ZipNum CDXJ, stored), `pages/pages.jsonl`, `datapackage.json` with every
 * file's sha256 and size, and an unsigned `datapackage-digest.json`. The WARC is written to a
 * temporary folder beside `path` first (its hash and the index offsets need it whole).
 */
export async function writeWaczFile (
  blocks: BlockGetter, rootCid: CID, path: string,
  options: { selection: ExportSelection, info: Omit<PackageInfo, 'created'>, now?: Date }
): Promise<WaczFileResult> {
  const dir = await mkdtemp(join(dirname(path), '.iparo-wacz-'))
  try {
    const warcPath = join(dir, 'data.warc.gz')
    const warc = await writeWarcFile(blocks, rootCid, warcPath, { selection: options.selection, filename: 'data.warc.gz', pages: true })
    const index = await zipNumIndex(warc.lines, gzipBytes)
    const small: Array<{ path: string, bytes: Uint8Array }> = [
      { path: 'indexes/index.cdx.gz', bytes: Buffer.concat(index.cdx) },
      { path: 'indexes/index.idx', bytes: encoder.encode(index.idx) },
      { path: 'pages/pages.jsonl', bytes: encoder.encode(pagesJsonl(warc.export.pages)) }
    ]
    const resources: WaczResource[] = [
      { path: 'archive/data.warc.gz', hash: await sha256File(warcPath), bytes: warc.bytes },
      ...small.map(f => ({ path: f.path, hash: sha256(f.bytes), bytes: f.bytes.byteLength }))
    ]
    const created = (options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, 'Z')
    const pkg = encoder.encode(datapackage(resources, { ...options.info, created }))
    small.push({ path: 'datapackage.json', bytes: pkg }, { path: 'datapackage-digest.json', bytes: encoder.encode(datapackageDigest(sha256(pkg))) })
    const bytes = await writeAtomically(path, async (partial) => writeZip(partial, warcPath, warc.bytes, small))
    return { mementos: warc.mementos, pages: warc.export.pages.length, bytes, warcBytes: warc.bytes }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The zip: every member stored (the WARC and the CDXJ blocks are gzip already, and ranges must reach them). */
async function writeZip (partial: string, warcPath: string, warcBytes: number, files: Array<{ path: string, bytes: Uint8Array }>): Promise<number> {
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
  const warc = Readable.toWeb(createReadStream(warcPath)) as ReadableStream<Uint8Array>
  await zip.add('archive/data.warc.gz', warc, { zip64: warcBytes > ZIP32_LIMIT })
  for (const file of files) await zip.add(file.path, new Uint8ArrayReader(file.bytes))
  await zip.close()
  return written
}
