import { open, rm, type FileHandle } from 'node:fs/promises'

/** The order of a run: by length, then bytes (so a record's length byte sorts first, as it is stored). */
export function compareKeys (a: Uint8Array, b: Uint8Array): number {
  return a.byteLength - b.byteLength || Buffer.compare(a, b)
}

/** Records per page: the sparse index in memory holds one key per page, a lookup reads one page. */
const PAGE = 1024
/** Bytes written or read at once when a run is written or merged. */
const IO_BYTES = 1 << 20

/**
 * Keys on disk in order, each a record of `width` bytes (its length, its bytes, zeros), with the first
 * key of every page of PAGE records in memory: a lookup reads one page (≤ width KiB) and searches it.
 */
export class SortedRun {
  private page: Buffer | undefined = undefined

  private constructor (
    private readonly path: string,
    private readonly file: FileHandle,
    readonly count: number,
    readonly width: number,
    readonly level: number,
    private readonly firsts: Buffer[]
  ) {}

  /**
   * Writes `keys` (already in compareKeys order, none longer than width - 1) as a run. A key may be
   * given as a string of code units 0–255 (a SpillSet's memory holds them so): no Buffer per key.
   */
  static async write (path: string, keys: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>, width: number, level: number): Promise<SortedRun> {
    const file = await open(path, 'wx+', 0o600)
    const firsts: Buffer[] = []
    const perChunk = Math.max(1, Math.floor(IO_BYTES / width))
    let chunk = Buffer.alloc(perChunk * width)
    let inChunk = 0
    let count = 0
    try {
      for await (const key of keys) {
        const at = inChunk * width
        const length = typeof key === 'string' ? key.length : key.byteLength
        chunk[at] = length
        if (typeof key === 'string') chunk.write(key, at + 1, 'latin1')
        else chunk.set(key, at + 1)
        chunk.fill(0, at + 1 + length, at + width)
        if (count % PAGE === 0) firsts.push(Buffer.from(chunk.subarray(at + 1, at + 1 + length)))
        count++
        if (++inChunk === perChunk) {
          await file.write(chunk, 0, inChunk * width)
          chunk = Buffer.alloc(perChunk * width)
          inChunk = 0
        }
      }
      if (inChunk > 0) await file.write(chunk, 0, inChunk * width)
    } catch (err) {
      await file.close()
      throw err
    }
    return new SortedRun(path, file, count, width, level, firsts)
  }

  async has (key: Uint8Array): Promise<boolean> {
    // the last page whose first key is ≤ key
    let lo = 0
    let hi = this.firsts.length - 1
    let page = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (compareKeys(this.firsts[mid] as Buffer, key) <= 0) { page = mid; lo = mid + 1 } else hi = mid - 1
    }
    if (page < 0) return false
    const start = page * PAGE
    const n = Math.min(PAGE, this.count - start)
    // one page buffer per run, reused: a fresh one per lookup is garbage the size of the page each time
    // (lookups of a run come one at a time: SpillSet serializes them)
    this.page ??= Buffer.allocUnsafe(PAGE * this.width)
    const bytes = this.page.subarray(0, n * this.width)
    await this.file.read(bytes, 0, bytes.byteLength, start * this.width)
    lo = 0
    hi = n - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const c = compareKeys(recordKey(bytes, mid, this.width), key)
      if (c === 0) return true
      if (c < 0) lo = mid + 1
      else hi = mid - 1
    }
    return false
  }

  /** Every key in order, read a chunk at a time (each key a view into its chunk). */
  async * keys (): AsyncGenerator<Buffer> {
    const perChunk = Math.max(1, Math.floor(IO_BYTES / this.width))
    for (let first = 0; first < this.count; first += perChunk) {
      const n = Math.min(perChunk, this.count - first)
      const bytes = Buffer.allocUnsafe(n * this.width)
      await this.file.read(bytes, 0, bytes.byteLength, first * this.width)
      for (let i = 0; i < n; i++) yield recordKey(bytes, i, this.width)
    }
  }

  async delete (): Promise<void> {
    await this.file.close()
    await rm(this.path, { force: true })
  }
}

function recordKey (bytes: Buffer, index: number, width: number): Buffer {
  const at = index * width
  return bytes.subarray(at + 1, at + 1 + (bytes[at] ?? 0))
}

/** Merges runs (whose keys are disjoint) into one run at `level`, streaming: one chunk per run in memory. */
export async function mergeRuns (path: string, runs: SortedRun[], level: number): Promise<SortedRun> {
  const width = Math.max(...runs.map(r => r.width))
  return SortedRun.write(path, mergedKeys(runs), width, level)
}

async function * mergedKeys (runs: SortedRun[]): AsyncGenerator<Buffer> {
  const sources = runs.map(r => r.keys())
  const heads = await Promise.all(sources.map(async s => s.next()))
  for (;;) {
    let min = -1
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]
      if (head == null || head.done === true) continue
      const best = heads[min]
      if (best == null || best.done === true || compareKeys(head.value, best.value) < 0) min = i
    }
    const chosen = heads[min]
    const source = sources[min]
    if (chosen == null || chosen.done === true || source == null) return
    yield chosen.value
    heads[min] = await source.next()
  }
}
