/**
 * Part 3: collisions and scan time against the store's size. A synthetic pack store of N blocks is
 * opened (timed on its own), then scanned for the URLs whose captures it holds (`scanNamespaces` over
 * the pack store's keys, as `iparo scan` does: key scan, then every candidate's root read and checked),
 * and candidates are counted for many URLs it does not hold, next to the expected N × 2^-(bits+urlBits).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { promisify } from 'node:util'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import type { BlockGetter } from '../../src/core/blocks.ts'
import { namespacePrefix, type NamespacePrefix } from '../../src/core/namespace/namespace-prefix.ts'
import type { NamespaceLayout } from '../../src/core/namespace/namespace-layout.ts'
import { scanNamespaces } from '../../src/core/namespace/namespace-scan.ts'
import { surt } from '../../src/core/surt.ts'
import { PackBlockstore } from '../../src/node/pack-store/pack-blockstore.ts'
import { keysWithPrefixes } from '../../src/node/namespace/scan-keys.ts'
import { scanPackStore } from '../../src/node/namespace/scan-store.ts'
import { median, mean } from './stats.ts'
import { buildSyntheticStore, type SyntheticStore } from './synthetic-store.ts'

export interface UrlScan {
  url: string
  /** captures of the URL the store holds (from its ingest) and those the scan found */
  truth: number
  found: number
  candidates: number
  /** (blocks − truth) × 2^-prefix bits + truth */
  expected: number
  collisions: number
  /** the scan's TimeMap (CIDs and datetimes, in order) is the one the archive's URL map gives */
  sameAsUrlMap: boolean
}

export interface ScanRow {
  blocks: number
  buildSeconds: number
  openMs: number
  /** the key scan alone (scanPackStore: the index's keys, one prefix), median of `repeats` */
  keyScanMs: number
  /** the whole scan of the URL with the most captures (key scan, candidates read and checked), median */
  scanMs: number
  /** the reference: the same URL's TimeMap through the archive's URL map (root, lookup, chain), median */
  urlMapMs: number
  urls: UrlScan[]
  /** URLs the store holds no capture of: candidates per lookup, mean and max, next to the expectation */
  absent: { lookups: number, meanCandidates: number, maxCandidates: number, expected: number, checked: boolean }
}

const ABSENT_LOOKUPS = 1000

/** The number of sha2-256 keys per value of their digest's first `bits` bits (≤ 16): any such prefix's candidates at once. */
function firstBitsHistogram (keys: Iterable<string>, bits: number): { histogram: Uint32Array, sha256: number } {
  const histogram = new Uint32Array(1 << bits)
  let sha256 = 0
  for (const key of keys) {
    if (key.length !== 34 || key.charCodeAt(0) !== 0x12 || key.charCodeAt(1) !== 0x20) continue
    sha256++
    const i = ((key.charCodeAt(2) << 8) | key.charCodeAt(3)) >>> (16 - bits)
    histogram[i] = (histogram[i] ?? 0) + 1
  }
  return { histogram, sha256 }
}

async function timed<T> (fn: () => Promise<T>): Promise<{ value: T, ms: number }> {
  const start = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - start }
}

/**
 * Candidates of URLs held nowhere in the store, from a histogram of the keys' first bits (layouts of
 * at most 16 bits), the first few checked against the real key scan.
 */
async function absentLookups (store: PackBlockstore, layout: NamespaceLayout): Promise<ScanRow['absent']> {
  const total = layout.bits + layout.urlBits
  if (total > 16) throw new RangeError('the bench counts candidates of layouts of at most 16 bits')
  // every sha2-256 key (a zero-bit prefix): the bench holds them all to count candidates
  const keys = await store.keysWithDigestPrefixes([{ bytes: new Uint8Array(0), bits: 0 }])
  const { histogram, sha256 } = firstBitsHistogram(keys, total)
  const counts: number[] = []
  let checked = true
  for (let i = 0; i < ABSENT_LOOKUPS; i++) {
    const prefix = await namespacePrefix(layout, surt(`http://absent.example/page/${i}`))
    const count = histogram[(((prefix.bytes[0] ?? 0) << 8) | (prefix.bytes[1] ?? 0)) >>> (16 - total)] ?? 0
    if (i < 3) checked &&= keysWithPrefixes(keys, [prefix]).length === count
    counts.push(count)
  }
  return { lookups: ABSENT_LOOKUPS, meanCandidates: mean(counts), maxCandidates: Math.max(...counts), expected: sha256 * 2 ** -total, checked }
}

async function scanUrls (store: PackBlockstore, built: SyntheticStore, layout: NamespaceLayout): Promise<UrlScan[]> {
  const blocks: BlockGetter = { get: async (cid) => store.getBytes(cid) }
  const source = async (prefixes: readonly NamespacePrefix[]): Promise<Iterable<CID>> => scanPackStore(store, prefixes)
  const out: UrlScan[] = []
  for (const [url, truth] of built.truth) {
    const scanned = await scanNamespaces(url, [layout], source, blocks)
    const expected = (built.blocks - truth) * 2 ** -(layout.bits + layout.urlBits) + truth
    const timemap = scanned.mementos.map(m => `${m.cid.toString()} ${m.header.datetime}`)
    const sameAsUrlMap = JSON.stringify(timemap) === JSON.stringify(await urlMapTimeMap(blocks, built.archiveRoot, url))
    out.push({ url, truth, found: scanned.mementos.length, candidates: scanned.candidates, expected, collisions: scanned.collisions, sameAsUrlMap })
  }
  return out
}

const ROOT = new URL('../../', import.meta.url).pathname

/** Builds the store in a child process (build-store.ts): the bench's heap never holds the build. */
async function buildInChild (dir: string, blocks: number, layout: NamespaceLayout): Promise<SyntheticStore> {
  const args = [`${ROOT}node_modules/tsx/dist/cli.mjs`, `${ROOT}bench/namespace/build-store.ts`, dir, String(blocks), String(layout.bits), String(layout.urlBits)]
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 20 })
  const built = JSON.parse(stdout) as Omit<SyntheticStore, 'truth'> & { truth: Array<[string, number]> }
  return { ...built, truth: new Map(built.truth) }
}

/** The URL-map path to the same captures, for reference: the archive root read, the URL looked up, its TimeMap walked. */
async function urlMapTimeMap (blocks: BlockGetter, archiveRoot: string, url: string): Promise<string[]> {
  const reader = await ArchiveReader.open(blocks, CID.parse(archiveRoot))
  const entry = await reader.lookup(url)
  if (entry == null) throw new Error(`${url} is not in the archive the store was built with`)
  return (await reader.timemap(entry)).mementos.map(m => `${CID.parse(m.cid).toString()} ${m.datetime}`)
}

/** Medians of `repeats` key scans, whole scans and URL-map TimeMaps of `url`, interleaved. */
async function timeScans (store: PackBlockstore, built: SyntheticStore, layout: NamespaceLayout, url: string, repeats: number): Promise<Pick<ScanRow, 'keyScanMs' | 'scanMs' | 'urlMapMs'>> {
  const prefix = await namespacePrefix(layout, surt(url))
  const blocks: BlockGetter = { get: async (cid) => store.getBytes(cid) }
  const keyScans: number[] = []
  const scans: number[] = []
  const urlMaps: number[] = []
  for (let i = 0; i < repeats; i++) {
    keyScans.push((await timed(async () => scanPackStore(store, [prefix]))).ms)
    scans.push((await timed(async () => scanNamespaces(url, [layout], async p => scanPackStore(store, p), blocks))).ms)
    urlMaps.push((await timed(async () => urlMapTimeMap(blocks, built.archiveRoot, url))).ms)
  }
  return { keyScanMs: median(keyScans), scanMs: median(scans), urlMapMs: median(urlMaps) }
}

/**
 * Builds, opens and scans one store of `blocks` blocks; the store is deleted afterwards. The build runs
 * in a child process unless `inProcess` (the suite's tiny case: a process start costs more than it).
 */
export async function scanRow (blocks: number, layout: NamespaceLayout, repeats = 5, inProcess = false): Promise<ScanRow> {
  const dir = mkdtempSync(join(tmpdir(), 'iparo-nsbench-'))
  try {
    const built = inProcess ? await buildSyntheticStore(dir, blocks, layout) : await buildInChild(dir, blocks, layout)
    const store = new PackBlockstore(dir)
    const opened = await timed(async () => { await store.open(); return (await store.keysWithDigestPrefixes([{ bytes: new Uint8Array(0), bits: 0 }])).length })
    try {
      const urls = await scanUrls(store, built, layout)
      const top = [...built.truth].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'http://memento.us/'
      return {
        blocks: built.blocks,
        buildSeconds: built.buildSeconds,
        openMs: opened.ms,
        ...await timeScans(store, built, layout, top, repeats),
        urls,
        absent: await absentLookups(store, layout)
      }
    } finally {
      await store.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
