import { mkdtempSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { chunks, hashers } from '../../src/core/archive/archive-test-support.ts'
import { ingestIntoArchive, type ArchiveIngestResult } from '../../src/core/archive/ingest-into-archive.ts'
import type { MemoryBlockStore } from '../../src/core/blocks.ts'
import { mixSeed, seededRandom } from '../../src/core/chain/seeded-random.ts'
import type { Fixture, IntactRecord } from './fuzz-fixtures.ts'
import type { KnownArchive } from './known-archive.ts'
import { openWarcFile } from '../../src/node/warc-file-source.ts'
import { mutate, type Mutant } from './warc-mutations.ts'

export type CaseOutcome = 'ok' | 'crash' | 'hang' | 'lost-intact' | 'changed-known'

export interface WarcCaseResult {
  index: number
  fixture: string
  op: string
  detail: string
  outcome: CaseOutcome
  message?: string
  ms: number
  /** intact records before the damage that had to be in the archive afterwards */
  intactChecked: number
}

// Bytes after a record's content that must be undamaged for it to count as intact: its separator and
// the next record's `WARC/1.x` line, which confirm where it ends.
const CONFIRM = 16
const CHUNK_SIZES = [1, 7, 100, 4096, 65_536, 1 << 20]

/** The mementos that the archive at `rootCid` holds at their exact datetime, of those given. */
async function missing (store: MemoryBlockStore, rootCid: ArchiveIngestResult['rootCid'], records: IntactRecord[]): Promise<string[]> {
  const reader = await ArchiveReader.open(store, rootCid)
  const out: string[] = []
  for (const r of records) {
    const entry = await reader.lookup(r.uri)
    const found = entry == null ? undefined : (await reader.resolve(entry, r.datetime)).memento
    if (found?.datetime !== r.datetime) out.push(`${r.uri} at ${r.datetime} (offset ${r.offset})`)
  }
  return out
}

/**
 * Keeps of each fixture's mementos those an intact ingest makes findable by URL and datetime (a
 * POST capture is keyed by its body, not its URL): what a damaged copy must still give before the damage.
 */
export async function calibrate (fixtures: Fixture[], known: KnownArchive): Promise<void> {
  const knownKeys = new Set(known.known.map(k => `${k.uri} ${k.datetime}`))
  for (const f of fixtures) {
    const store = known.fork()
    const { rootCid } = await ingestIntoArchive({ store, from: { root: known.root }, sources: [{ name: f.name, open: () => chunks(f.bytes) }], hashers })
    const lost = new Set(await missing(store, rootCid, f.mementos))
    f.mementos = f.mementos.filter(m => !lost.has(`${m.uri} at ${m.datetime} (offset ${m.offset})`) && !knownKeys.has(`${m.uri} ${m.datetime}`))
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'iparo-warc-fuzz-'))

/** The mutant's decompressed bytes: a .warc.gz goes through the Node edge's own file reader and native gunzip. */
async function source (mutant: Mutant, chunkSize: number, index: number): Promise<{ chunks: AsyncIterable<Uint8Array>, done: () => Promise<void> }> {
  if (!mutant.gzip) return { chunks: chunks(mutant.bytes, chunkSize), done: async () => {} }
  const path = join(scratch, `case-${index}.warc.gz`)
  await writeFile(path, mutant.bytes)
  return { chunks: (await openWarcFile(path)).chunks, done: async () => { await rm(path, { force: true }) } }
}

async function withinTime<T> (work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms) })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Case `index` of the run seeded `seed`: the same pair always builds the same mutant and chunking. */
export async function runWarcCase (fixtures: Fixture[], known: KnownArchive, seed: number, index: number, timeoutMs: number): Promise<WarcCaseResult> {
  const rnd = seededRandom(mixSeed(seed, index))
  const fixture = fixtures[Math.floor(rnd() * fixtures.length)] as Fixture
  const mutant = mutate(fixture, rnd)
  const chunkSize = CHUNK_SIZES[Math.floor(rnd() * CHUNK_SIZES.length)] as number
  const base = { index, fixture: fixture.name, op: mutant.op, detail: `${mutant.detail}; ${chunkSize}-byte chunks`, intactChecked: 0 }
  const started = performance.now()
  const store = known.fork()
  const ms = (): number => Math.round(performance.now() - started)
  const input = await source(mutant, chunkSize, index)
  let result: ArchiveIngestResult | 'timeout'
  try {
    result = await withinTime(ingestIntoArchive({ store, from: { root: known.root }, sources: [{ name: fixture.name, open: () => input.chunks }], hashers }), timeoutMs)
  } catch (err) {
    return { ...base, outcome: 'crash', message: err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : String(err), ms: ms() }
  } finally {
    await input.done()
  }
  if (result === 'timeout') return { ...base, outcome: 'hang', message: `no result within ${timeoutMs} ms`, ms: ms() }
  const changed = await known.changed(store, result.rootCid)
  if (changed.length > 0) return { ...base, outcome: 'changed-known', message: changed.join('; ').slice(0, 500), ms: ms() }
  const intact = fixture.mementos.filter(m => m.end + CONFIRM <= mutant.damageAt)
  const lost = await missing(store, result.rootCid, intact)
  if (lost.length > 0) return { ...base, outcome: 'lost-intact', message: lost.join('; ').slice(0, 500), ms: ms(), intactChecked: intact.length }
  return { ...base, outcome: 'ok', ms: ms(), intactChecked: intact.length }
}
