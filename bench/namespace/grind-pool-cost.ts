/**
 * Part 1 on the grind pool (src/node/namespace/grind-pool.ts, what `iparo ingest --namespace` grinds
 * with): the same roots and prefixes as on the calling thread, every grind on the worker threads
 * (availableParallelism() of them), next to the theory 2^bits × (one root's hash) ÷ threads.
 */
import { availableParallelism } from 'node:os'
import { createGrindPool } from '../../src/node/namespace/grind-pool.ts'
import { clock, hashMicros, prefixesFor } from './grind-cost.ts'
import type { SampleRoot } from './sample-roots.ts'
import { mean, median } from './stats.ts'

export interface PoolRow {
  bits: number
  threads: number
  iparos: number
  meanTries: number
  medianWallMs: number
  meanWallMs: number
  /** CPU of every thread of the process per IPARO (the workers' hashing, the messages) */
  meanCpuMs: number
  hashUs: number
  /** 2^bits × hashUs ÷ threads: the expected wall time per IPARO when every thread hashes */
  theoryMs: number
  /** meanWallMs ÷ theoryMs */
  ratio: number
  /** nonces hashed ÷ tries needed: the chunks past the match that other threads were trying */
  wasted: number
}

/** Grinds the first `count(bits)` roots at each bit count on one pool (started and warmed up first). */
export async function poolRows (roots: SampleRoot[], bitCounts: number[], count: (bits: number) => number): Promise<PoolRow[]> {
  const threads = availableParallelism()
  const pool = createGrindPool({ threads, inlineBelowBits: 0 })
  try {
    // the threads start on the first grind (through tsx from the sources: ~0.5 s each); not timed
    const warm = roots[0]
    if (warm != null) await pool.grind(warm.bytes, warm.nonceAt, (await prefixesFor([warm], 10))[0] ?? { bytes: new Uint8Array(), bits: 0 })
    const rows: PoolRow[] = []
    for (const bits of bitCounts) rows.push(await poolRow(pool, roots.slice(0, count(bits)), bits, threads))
    return rows
  } finally {
    await pool.close()
  }
}

/**
 * Waits for the threads to finish the chunks they were given past a grind's match (MAX_CHUNK tries:
 * ~40 ms): the baseline hashes are timed in this process's CPU time, which counts every thread's.
 */
async function settle (): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 150))
}

async function poolRow (pool: ReturnType<typeof createGrindPool>, used: SampleRoot[], bits: number, threads: number): Promise<PoolRow> {
  const prefixes = await prefixesFor(used, bits)
  await settle()
  const hashBefore = hashMicros(used, Math.max(4, Math.ceil(4000 / used.length)))
  const before = { tries: pool.stats.tries, hashes: pool.stats.hashes }
  const wall: number[] = []
  const cpu: number[] = []
  for (const [i, root] of used.entries()) {
    const prefix = prefixes[i]
    if (prefix == null) throw new Error('no prefix')
    const start = clock()
    await pool.grind(root.bytes, root.nonceAt, prefix)
    const end = clock()
    wall.push(end.wall - start.wall)
    cpu.push(end.cpu - start.cpu)
  }
  await settle()
  const hashUs = (hashBefore + hashMicros(used, Math.max(4, Math.ceil(4000 / used.length)))) / 2
  const tries = pool.stats.tries - before.tries
  const theoryMs = 2 ** bits * hashUs / 1000 / threads
  return {
    bits,
    threads,
    iparos: used.length,
    meanTries: tries / used.length,
    medianWallMs: median(wall),
    meanWallMs: mean(wall),
    meanCpuMs: mean(cpu),
    hashUs,
    theoryMs,
    ratio: mean(wall) / theoryMs,
    wasted: (pool.stats.hashes - before.hashes) / tries
  }
}
