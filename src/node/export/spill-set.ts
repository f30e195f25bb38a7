import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { KeySet } from '../../core/car/key-set.ts'
import { InvalidInputError } from '../../core/errors.ts'
import { BloomFilter } from './bloom-filter.ts'
import { makeSpillDir } from './spill-dir.ts'
import { mergeRuns, SortedRun } from './sorted-run.ts'

export interface SpillSetOptions {
  /** keys kept in memory before they are written out as a sorted run (default 131,072: ~12 MB) */
  memoryKeys?: number
  /** bits of the Bloom filter over the keys on disk (default 2^27: 16 MiB, allocated at the first spill) */
  bloomBits?: number
  /** runs of one size merged into one run of the next (default 4): at most fanIn - 1 runs per size */
  fanIn?: number
}

/**
 * An exact KeySet whose memory does not grow with its size: the newest keys in a Set, the rest in
 * sorted runs on disk (a file per run under the data folder's `tmp/`, removed by close), merged
 * size-tiered so there are O(log n) of them. A lookup that misses memory asks a fixed-size Bloom
 * filter first, which only ever rules keys out; a key it does not rule out is looked up in the runs
 * (one page read each). So an answer is never a guess: a false positive of the filter costs a read.
 * Memory: memoryKeys keys, the filter, and one key per 1,024 on disk. Calls run one at a time.
 */
export class SpillSet implements KeySet {
  private readonly memory = new Set<string>()
  private runs: SortedRun[] = []
  private bloom: BloomFilter | undefined = undefined
  private added = 0
  private files = 0
  private queue: Promise<unknown> = Promise.resolve()
  private pending = 0
  private readonly memoryKeys: number
  private readonly fanIn: number

  private constructor (private readonly dir: string, private readonly options: SpillSetOptions) {
    this.memoryKeys = Math.max(1, options.memoryKeys ?? 131_072)
    this.fanIn = Math.max(2, options.fanIn ?? 4)
  }

  /** A new empty set spilling under `dataDir/tmp/`. */
  static async open (dataDir: string, options: SpillSetOptions = {}): Promise<SpillSet> {
    return new SpillSet(await makeSpillDir(dataDir, 'set'), options)
  }

  get size (): number { return this.added }

  /** How many runs are on disk now (for tests and reports). */
  get runCount (): number { return this.runs.length }

  async has (key: Uint8Array): Promise<boolean> {
    // answered at once (no other call under way, nothing to read): most calls of a walk are
    if (this.pending === 0) {
      if (this.memory.has(text(key))) return true
      if (this.bloom == null || !this.bloom.mayHave(key)) return false
    }
    return this.serial(async () => this.holds(key))
  }

  async add (key: Uint8Array): Promise<boolean> {
    if (key.byteLength > 255) throw new InvalidInputError(`a key of ${key.byteLength} bytes is too long for a spill set (255 at most)`)
    if (this.pending === 0) {
      const known = this.memory.has(text(key))
      if (known || this.bloom == null || !this.bloom.mayHave(key)) return known ? false : this.insert(key)
    }
    return this.serial(async () => (await this.holds(key)) ? false : this.insert(key))
  }

  /** Removes the runs and their folder; the set is unusable afterwards. */
  async close (): Promise<void> {
    await this.queue.catch(() => {})
    for (const run of this.runs) await run.delete().catch(() => {})
    this.runs = []
    this.memory.clear()
    await rm(this.dir, { recursive: true, force: true })
  }

  /**
   * Runs `op` after every call before it. A call that needs no read decides synchronously instead,
   * which is safe only while none is queued (`pending`): a spill empties memory across awaits.
   */
  private async serial<T> (op: () => Promise<T>): Promise<T> {
    this.pending++
    const next = this.queue.then(op).finally(() => { this.pending-- })
    this.queue = next.catch(() => {})
    return next
  }

  /** Adds a key known to be absent; spills when memory is full. */
  private async insert (key: Uint8Array): Promise<boolean> {
    this.memory.add(text(key))
    this.added++
    if (this.memory.size >= this.memoryKeys) {
      if (this.pending === 0) await this.serial(async () => { await this.spill() })
      else await this.spill()
    }
    return true
  }

  private async holds (key: Uint8Array): Promise<boolean> {
    if (this.memory.has(text(key))) return true
    if (this.bloom == null || !this.bloom.mayHave(key)) return false
    for (const run of this.runs) if (await run.has(key)) return true
    return false
  }

  private async spill (): Promise<void> {
    // sorted as strings in compareKeys order (length, then code units, which are the bytes): no Buffer per key
    const keys = [...this.memory].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    const bloom = this.bloom ?? (this.bloom = new BloomFilter(this.options.bloomBits ?? 2 ** 27))
    const scratch = Buffer.allocUnsafe(255)
    let width = 1
    for (const key of keys) {
      const length = scratch.write(key, 0, 'latin1')
      bloom.add(scratch.subarray(0, length))
      width = Math.max(width, 1 + length)
    }
    this.runs.push(await SortedRun.write(this.nextPath(), keys, width, 0))
    this.memory.clear()
    await this.compact()
  }

  /** While fanIn runs share a level, they become one run of the next level. */
  private async compact (): Promise<void> {
    for (;;) {
      const levels = new Map<number, SortedRun[]>()
      for (const run of this.runs) levels.set(run.level, [...(levels.get(run.level) ?? []), run])
      const full = [...levels.entries()].find(([, runs]) => runs.length >= this.fanIn)
      if (full == null) return
      const [level, runs] = full
      const merged = await mergeRuns(this.nextPath(), runs, level + 1)
      this.runs = [...this.runs.filter(r => !runs.includes(r)), merged]
      for (const run of runs) await run.delete()
    }
  }

  private nextPath (): string {
    return join(this.dir, `run-${this.files++}`)
  }
}

function text (key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1')
}
