/**
 * bench/blockstore/scale: the pack store's on-disk key index at store sizes an ingest of years reaches.
 * For each size, writes a store of that many 16-byte blocks through put() (the ingest's path: a dedup
 * has, then an append), then measures in fresh processes: opening the store and has/get latency, hits
 * and misses, with RSS; against the reference measured in the same run, every key loaded into an
 * in-memory Map as the store did before (bench/blockstore/scale-probe.ts). Also times a rebuild of the
 * index from the packs alone (the run files removed), in a fresh process. Warm page cache throughout.
 * With --packs-only the store is framed straight into pack files and its index built by that rebuild
 * (put() of 10M blocks takes most of an hour on a busy 2-core machine).
 *
 *   tsx bench/blockstore/scale.ts [--packs-only] 1000000 10000000   (default sizes: 1M and 10M; ~1.5 GB of disk per 10M)
 */
import '../../src/node/polyfills.ts'
import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { PackBlockstore } from '../../src/node/pack-store/pack-blockstore.ts'
import { packName } from '../../src/node/pack-store/pack-file.ts'
import { KIND_BLOCK, PACK_MAGIC, recordSize, writeRecord } from '../../src/node/pack-store/pack-record.ts'
import { scaleBlock } from './scale-keys.ts'

const ROOT = new URL('../../', import.meta.url).pathname
const sizes = process.argv.slice(2).map(Number).filter(n => n > 0)
if (sizes.length === 0) sizes.push(1_000_000, 10_000_000)

function probe (dir: string, n: number, mode: 'runs' | 'map' | 'rebuild'): Record<string, number | string> {
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'bench/blockstore/scale-probe.ts'), dir, String(n), mode], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1e6 })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}')
}

const bytesIn = (dir: string, suffix: string): number => readdirSync(dir).filter(f => f.endsWith(suffix)).reduce((s, f) => s + statSync(join(dir, f)).size, 0)

/** A store of `n` blocks framed straight into pack files (no index): what a rebuild starts from. */
function writePacks (dir: string, n: number): void {
  const maxPack = 256 * 1024 * 1024
  const buffer = Buffer.alloc(1024 * 1024)
  let pack = 0
  let fd = -1
  let size = maxPack
  let used = 0
  const flush = (): void => { writeSync(fd, buffer, 0, used); size += used; used = 0 }
  for (let i = 0; i < n; i++) {
    const { cid, bytes } = scaleBlock(i)
    const record = recordSize(cid.bytes.byteLength, bytes.byteLength)
    if (used + record > buffer.byteLength) flush()
    if (size + used + record > maxPack) {
      if (fd >= 0) { flush(); closeSync(fd) }
      fd = openSync(join(dir, packName(++pack)), 'wx')
      writeSync(fd, PACK_MAGIC)
      size = PACK_MAGIC.byteLength
    }
    used += writeRecord(buffer, used, KIND_BLOCK, cid.bytes, Date.now(), bytes)
  }
  flush()
  closeSync(fd)
}

const packsOnly = process.argv.includes('--packs-only')
const results = []
for (const n of sizes) {
  const dir = mkdtempSync(join(process.env.SCALE_DIR ?? tmpdir(), 'bs-scale-'))
  try {
    const start = performance.now()
    let peakRss = 0
    let rebuild: Record<string, number | string> | undefined
    if (packsOnly) {
      writePacks(dir, n)
      rebuild = probe(dir, n, 'rebuild')
    } else {
      const store = new PackBlockstore(dir)
      await store.open()
      for (let i = 0; i < n; i++) {
        const { cid, bytes } = scaleBlock(i)
        await store.put(cid, bytes)
        if (i % 100_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      }
      await store.close()
    }
    const ingestS = (performance.now() - start) / 1000
    const packBytes = bytesIn(dir, '.pack')
    const indexBytes = bytesIn(dir, '.krun')
    const runs = probe(dir, n, 'runs')
    const map = probe(dir, n, 'map')
    if (rebuild == null) {
      // a rebuild from the packs alone (lost or torn run files), in a fresh process
      for (const f of readdirSync(dir).filter(f => f.endsWith('.krun'))) rmSync(join(dir, f))
      rebuild = probe(dir, n, 'rebuild')
    }
    const r = {
      blocks: n,
      loadAverage1m: +(loadavg()[0] ?? 0).toFixed(1),
      built: packsOnly
        ? { by: 'records framed into packs, then the index rebuilt by opening', seconds: +ingestS.toFixed(1), packMB: Math.round(packBytes / 1e6), indexMB: Math.round(indexBytes / 1e6) }
        : { by: 'put()', seconds: +ingestS.toFixed(1), putsPerSecond: Math.round(n / ingestS), peakRssMB: Math.round(peakRss / 1e6), packMB: Math.round(packBytes / 1e6), indexMB: Math.round(indexBytes / 1e6) },
      runs,
      inMemoryMapReference: map,
      rebuildFromPacks: { seconds: +(Number(rebuild.openMs) / 1000).toFixed(1), peakRssMB: rebuild.peakRssMB, runs: rebuild.runs },
      ratios: {
        openMapOverRuns: +(Number(map.openMs) / Math.max(1, Number(runs.openMs))).toFixed(1),
        rssAfterOpenMapOverRuns: +(Number(map.rssAfterOpenMB) / Number(runs.rssAfterOpenMB)).toFixed(1),
        hasHitRunsOverMap: +(Number(runs.hasHitUs) / Number(map.hasHitUs)).toFixed(1),
        hasMissRunsOverMap: +(Number(runs.indexHasMissUs) / Number(map.indexHasMissUs)).toFixed(1)
      }
    }
    console.log(JSON.stringify(r))
    results.push(r)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true })
// sizes measured by an earlier run are kept unless measured again (a 10M run takes half an hour)
const file = join(ROOT, 'bench/results/blockstore-scale.json')
const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: Array<{ blocks: number }> }).results : []
const merged = [...earlier.filter(e => !sizes.includes(e.blocks)), ...results].sort((a, b) => a.blocks - b.blocks)
writeFileSync(file, JSON.stringify({ note: 'warm page cache; 16-byte blocks; has/get latency per call from one process, sequential; machine load is printed per size', results: merged }, null, 2) + '\n')
