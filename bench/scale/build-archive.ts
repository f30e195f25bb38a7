/**
 * Builds (or resumes) the scale bench's archive in a data folder: the synthetic crawl ingested in runs
 * of `runSize` captures, each run one `ingestIntoArchive` (one ArchiveWriter: open, append batches,
 * commit) from the archive's current root, then published as `iparo ingest` does. Runs are committed
 * one by one and recorded in `build.json` beside the data folder, so a stopped build resumes at the
 * next run and a finished one is reused.
 */
import { existsSync } from 'node:fs'
import { readFile, statfs, writeFile } from 'node:fs/promises'
import { folderBytes } from '../folder-bytes.ts'
import { join } from 'node:path'
import { ingestIntoArchive } from '../../src/core/archive/ingest-into-archive.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../../src/node/embedded-store.ts'
import { nodeHashers } from '../../src/node/node-hashers.ts'
import { crawlWarc } from './crawl-warc.ts'
import type { SyntheticCrawl } from './synthetic-crawl.ts'

export const ARCHIVE = 'scale'

export interface RunRecord {
  from: number
  to: number
  seconds: number
  mementos: number
  duplicates: number
  errors: number
  rssMB: number
  peakRssMB: number
  heapMB: number
  /** Buffers and other memory outside the JS heap */
  externalMB: number
  packBytes: number
  root: string
}

export interface BuildState {
  urls: number
  versions: number
  runSize: number
  done: number
  runs: RunRecord[]
  seconds: number
  complete: boolean
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20)


/** What `<dir>/build.json` records, if anything. */
export async function readBuild (dir: string): Promise<BuildState | undefined> {
  const file = join(dir, 'build.json')
  return existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) as BuildState : undefined
}

async function readState (file: string, crawl: SyntheticCrawl, runSize: number): Promise<BuildState> {
  if (existsSync(file)) {
    const state = JSON.parse(await readFile(file, 'utf8')) as BuildState
    if (state.urls !== crawl.urls || state.versions !== crawl.versions) throw new Error(`${file} is a build of ${state.urls} URLs × ${state.versions}, not ${crawl.urls} × ${crawl.versions}`)
    return state
  }
  return { urls: crawl.urls, versions: crawl.versions, runSize, done: 0, runs: [], seconds: 0, complete: false }
}

/** One run: the captures [from, to) ingested on top of the current root, then published. */
async function ingestRun (store: EmbeddedStore, crawl: SyntheticCrawl, from: number, to: number): Promise<Omit<RunRecord, 'packBytes' | 'rssMB' | 'peakRssMB' | 'heapMB' | 'externalMB'>> {
  const registry = new ArchiveRegistry(store)
  if (await registry.get(ARCHIVE) == null) await registry.create(ARCHIVE, { title: `${crawl.mementos.toLocaleString('en-US')} synthetic mementos`, description: 'bench/scale' })
  const start = performance.now()
  const { root } = await registry.root(ARCHIVE)
  const { summary, rootCid } = await ingestIntoArchive({
    store: store.blocks,
    from: { root },
    hashers: nodeHashers,
    sources: [{ name: `synthetic-crawl-${from}-${to}.warc`, open: () => crawlWarc(crawl, from, to) }]
  })
  if (summary.errors.length > 0) throw new Error(`run ${from}–${to}: ${summary.errors.length} errors, first: ${JSON.stringify(summary.errors[0])}`)
  await store.blockstore.sync()
  await registry.setRoot(ARCHIVE, rootCid)
  return { from, to, seconds: (performance.now() - start) / 1000, mementos: summary.mementos, duplicates: summary.duplicates, errors: summary.errors.length, root: rootCid.toString() }
}

export interface BuildLimits {
  /** ends the build after the run that passes it */
  stopAfterSeconds?: number
  /** ends the build before a run when the disk has less free space (GB): the store grows ~4 KB a memento */
  minFreeGB?: number
}

async function freeGB (dir: string): Promise<number> {
  const s = await statfs(dir)
  return s.bavail * s.bsize / 1e9
}

/**
 * Builds the archive in `<dir>/data` up to every capture of `crawl` (resuming what `<dir>/build.json`
 * records), printing a line per run, within `limits`.
 */
export async function buildScaleArchive (dir: string, crawl: SyntheticCrawl, runSize: number, log: (line: string) => void, limits: BuildLimits = {}): Promise<BuildState> {
  const stateFile = join(dir, 'build.json')
  const state = await readState(stateFile, crawl, runSize)
  if (state.complete) return state
  const data = join(dir, 'data')
  const started = performance.now()
  const store = await openEmbeddedStore(data)
  const opened = (performance.now() - started) / 1000
  log(`store opened in ${opened.toFixed(1)} s (${state.done.toLocaleString('en-US')} of ${crawl.mementos.toLocaleString('en-US')} mementos done)`)
  try {
    while (state.done < crawl.mementos) {
      const free = await freeGB(dir)
      if (free < (limits.minFreeGB ?? 0)) {
        log(`stopped: ${free.toFixed(1)} GB free on the disk, under the ${String(limits.minFreeGB)} GB limit`)
        break
      }
      const to = Math.min(crawl.mementos, state.done + state.runSize)
      const run = await ingestRun(store, crawl, state.done, to)
      // with --expose-gc, the heap after a collection: what the build holds, not what waits for the collector
      ;(globalThis as { gc?: () => void }).gc?.()
      const mem = process.memoryUsage()
      const record: RunRecord = { ...run, rssMB: mb(mem.rss), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), heapMB: mb(mem.heapUsed), externalMB: mb(mem.external), packBytes: await folderBytes(join(data, 'packs')) }
      state.runs.push(record)
      state.done = to
      state.seconds += record.seconds
      state.complete = to >= crawl.mementos
      await writeFile(stateFile, JSON.stringify(state, null, 2) + '\n')
      log(`run ${state.runs.length}: ${to.toLocaleString('en-US')}/${crawl.mementos.toLocaleString('en-US')} mementos, ${record.seconds.toFixed(1)} s ` +
        `(${Math.round((to - run.from) / record.seconds)}/s), RSS ${record.rssMB} MB (peak ${record.peakRssMB}, heap ${record.heapMB}, external ${record.externalMB}), packs ${mb(record.packBytes)} MB, total ${(state.seconds / 60).toFixed(1)} min`)
      if ((performance.now() - started) / 1000 >= (limits.stopAfterSeconds ?? Infinity)) break
    }
  } finally {
    await store.close()
  }
  return state
}
