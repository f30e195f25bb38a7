/**
 * bench/files: whole-file IPAROs (docs/whole-file-iparos.md), blocks read to replay one record of a
 * `warc` IPARO by chunk size, against Kubo's default 256 KiB chunks measured in the same run.
 *
 *   npm run bench:files [-- file.warc.gz]
 *
 * Every indexed record is opened through FileVersions over a counting block getter (every block
 * verified, as in replay); the file's own UnixFS blocks are counted from its DAG. Writes
 * bench/results/files-chunking.json.
 */
import '../../src/node/polyfills.ts'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { MemoryBlockStore, type BlockGetter } from '../../src/core/blocks.ts'
import { scanFileIndex } from '../../src/core/files/file-index.ts'
import { readFileIparo } from '../../src/core/files/file-iparo.ts'
import { FileVersions } from '../../src/core/files/file-versions.ts'
import { storeFileIparo } from '../../src/node/files/store-file-iparo.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const path = process.argv[2] ?? `${ROOT}../shared/fixtures/ipwb/IAH-20080430204825-00000-blackbook.warc.gz`
const SIZES = [8192, 16384, 32768, 65536, 131072, 262144]
const KUBO_DEFAULT = 262144

/** Counts blocks and bytes read through it. */
function counting (inner: BlockGetter): BlockGetter & { blocks: number, bytes: number } {
  const c = {
    blocks: 0,
    bytes: 0,
    async get (cid: CID) {
      const b = await inner.get(cid)
      c.blocks++
      c.bytes += b.byteLength
      return b
    }
  }
  return c
}

async function dagBlocks (store: MemoryBlockStore, cid: CID): Promise<number> {
  if (cid.code !== dagPb.code) return 1
  let n = 1
  for (const link of dagPb.decode(await store.get(cid)).Links) n += await dagBlocks(store, link.Hash)
  return n
}

interface Row { chunk: number, fileBlocks: number, lookupBlocks: number, records: number, meanBlocks: number, maxBlocks: number, meanShare: number, meanBytes: number }

async function measure (size: number): Promise<Row> {
  const store = new MemoryBlockStore()
  const stored = await storeFileIparo(store, path, size)
  const file = await readFileIparo(store, stored.iparo)
  const fileBlocks = await dagBlocks(store, file.file.cid)
  const all = await scanFileIndex(store, file.index, '', '\uffff')
  let blocks = 0
  let max = 0
  let bytes = 0
  for (const e of all) {
    const c = counting(store)
    const v = new FileVersions(c, file, [e], async () => [])
    await v.open(await v.resolve()).catch(() => undefined)
    blocks += c.blocks
    bytes += c.bytes
    max = Math.max(max, c.blocks)
  }
  const first = `${all[0]?.key.split(' ')[0] ?? ''}`
  const lookup = counting(store)
  await scanFileIndex(lookup, file.index, `${first} `, `${first}!`)
  const mean = blocks / all.length
  return { chunk: size, fileBlocks, lookupBlocks: lookup.blocks, records: all.length, meanBlocks: mean, maxBlocks: max, meanShare: mean / fileBlocks, meanBytes: bytes / all.length }
}

const rows: Row[] = []
for (const size of SIZES) rows.push(await measure(size))
const reference = rows.find(r => r.chunk === KUBO_DEFAULT)
console.log(`file: ${path}`)
console.log('| chunk | file blocks | index lookup blocks | record blocks mean / max | mean share of file blocks | bytes read per record (× Kubo default) |')
console.log('|---|---|---|---|---|---|')
for (const r of rows) {
  const vs = reference == null ? '' : ` (${(r.meanBytes / reference.meanBytes).toFixed(2)}×)`
  console.log(`| ${r.chunk / 1024} KiB | ${r.fileBlocks} | ${r.lookupBlocks} | ${r.meanBlocks.toFixed(2)} / ${r.maxBlocks} | ${(100 * r.meanShare).toFixed(1)}% | ${Math.round(r.meanBytes)}${vs} |`)
}
await writeFile(`${ROOT}bench/results/files-chunking.json`, JSON.stringify({ file: path, reference: KUBO_DEFAULT, rows }, null, 2) + '\n')
