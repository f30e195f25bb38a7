import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { FIXTURES, iparo } from '../../e2e/support/iparo-process.ts'
import { makeBenchWarcs } from '../ingest/make-warc.ts'

export const IANA_WARC = `${FIXTURES}pywb/iana.warc.gz`
export const ARCHIVE = 'iana'
/**
 * WARC.gz bytes per uncompressed byte of the ingest bench's generated crawl (its 200 MB input is 53.5 MB
 * gzipped): how much to ask `makeBenchWarcs` for to get a given archive size on disk.
 */
const GZIP_SHARE = 0.27

/** One archive size: iana.warc.gz, plus generated crawl data up to about `sizeMB` of WARC.gz, ingested as one archive. */
export interface SizeData {
  sizeMB: number
  dir: string
  /** the IPARO data folder holding archive `iana` */
  data: string
  /** the WARC.gz files ingested, in order (iana first), with their sizes */
  inputs: Array<{ file: string, bytes: number }>
  warcBytes: number
  records: number
  ingestMs: number
}

export interface Wacz { path: string, bytes: number, exportMs: number }

const sizeDir = (cacheDir: string, sizeMB: number): string => join(cacheDir, 'replay-sizes', `${sizeMB}mb`)

async function padding (dir: string, sizeMB: number): Promise<string[]> {
  const ianaBytes = (await stat(IANA_WARC)).size
  const wanted = sizeMB * 1e6 - ianaBytes
  // the 1 MB size is iana.warc.gz alone (787 KB)
  if (wanted < ianaBytes) return []
  const out = join(dir, 'padding')
  await mkdir(out, { recursive: true })
  const made = await makeBenchWarcs(out, wanted / GZIP_SHARE / 1e6)
  return [made.unique.path, made.repeat.path]
}

/**
 * The archive of `sizeMB`, built once under `cacheDir` (generated padding, ingested with iana.warc.gz
 * into one data folder) and reused by later runs; `rebuild` starts it again (after a change to the
 * storage format or the generator).
 */
export async function prepareSize (cacheDir: string, sizeMB: number, rebuild = false): Promise<SizeData> {
  const dir = sizeDir(cacheDir, sizeMB)
  const meta = join(dir, 'size.json')
  if (!rebuild && existsSync(meta)) return JSON.parse(await readFile(meta, 'utf8')) as SizeData
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const files = [IANA_WARC, ...await padding(dir, sizeMB)]
  const inputs = await Promise.all(files.map(async file => ({ file, bytes: (await stat(file)).size })))
  const data = join(dir, 'data')
  const started = performance.now()
  const ingest = await iparo(['ingest', ...files, '--archive', ARCHIVE, '--data', data, '--json'])
  const ingestMs = Math.round(performance.now() - started)
  if (ingest.code !== 0) throw new Error(`ingest of the ${sizeMB} MB archive failed: ${ingest.stderr}`)
  const size: SizeData = { sizeMB, dir, data, inputs, warcBytes: inputs.reduce((n, i) => n + i.bytes, 0), records: recordsOf(ingest.stdout), ingestMs }
  await writeFile(meta, JSON.stringify(size, null, 2) + '\n')
  return size
}

/** The record count from the ingest's JSON report, if it has one where expected. */
function recordsOf (stdout: string): number {
  try {
    const report = JSON.parse(stdout) as { records?: unknown, totals?: { records?: unknown } }
    const n = report.records ?? report.totals?.records
    return typeof n === 'number' ? n : NaN
  } catch { return NaN }
}

/** Whether this checkout's CLI has `iparo export … --wacz`. */
export async function canExportWacz (): Promise<boolean> {
  const help = await iparo(['export', '--help'])
  return /--wacz\b/.test(help.stdout + help.stderr)
}

/**
 * `iparo export iana --wacz iana.wacz` of the size's archive, made once beside its data folder. Throws
 * with the CLI's own error when it fails.
 */
export async function exportWacz (size: SizeData, rebuild = false): Promise<Wacz> {
  const path = join(size.dir, 'iana.wacz')
  const meta = join(size.dir, 'wacz.json')
  if (!rebuild && existsSync(meta) && existsSync(path)) return JSON.parse(await readFile(meta, 'utf8')) as Wacz
  await rm(path, { force: true })
  const started = performance.now()
  const out = await iparo(['export', ARCHIVE, '--wacz', path, '--data', size.data])
  const exportMs = Math.round(performance.now() - started)
  if (out.code !== 0) throw new Error(`iparo export ${ARCHIVE} --wacz failed (exit ${out.code}): ${out.stderr.trim() || out.stdout.trim()}`)
  const wacz: Wacz = { path, bytes: (await stat(path)).size, exportMs }
  await writeFile(meta, JSON.stringify(wacz, null, 2) + '\n')
  return wacz
}
