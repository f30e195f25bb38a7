import { open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { IparoError } from '../../core/errors.ts'
import { compareLines } from '../../core/export/cdxj.ts'
import { makeSpillDir } from './spill-dir.ts'

export interface LineSorterOptions {
  /** characters of lines held before they are sorted and written out as a run (default 16 Mi) */
  memoryChars?: number
  /** runs read at once by a merge (default 64): more are merged in passes */
  fanIn?: number
}

/** A run file that does not end where its last line does (changed or cut under us). */
export class SortRunError extends IparoError {
  override name = 'SortRunError'
}

/** Bytes read from a run at a time while merging. */
const READ_BYTES = 256 * 1024

/**
 * Sorts lines in pywb's order (compareLines) in bounded memory: lines are held up to memoryChars, then
 * sorted and written as a run (each line its byte length, then its UTF-8) under the data folder's
 * `tmp/`; `sorted()` merges the runs. Memory: memoryChars of lines, or, while merging, fanIn read buffers.
 */
export class LineSorter {
  private lines: string[] = []
  private chars = 0
  private runs: string[] = []
  private total = 0
  private files = 0
  private readonly memoryChars: number
  private readonly fanIn: number

  private constructor (private readonly dir: string, options: LineSorterOptions) {
    this.memoryChars = Math.max(1, options.memoryChars ?? 16 * 1024 * 1024)
    this.fanIn = Math.max(2, options.fanIn ?? 64)
  }

  static async open (dataDir: string, options: LineSorterOptions = {}): Promise<LineSorter> {
    return new LineSorter(await makeSpillDir(dataDir, 'sort'), options)
  }

  /** how many lines were added */
  get count (): number { return this.total }

  async add (line: string): Promise<void> {
    this.lines.push(line)
    this.chars += line.length
    this.total++
    if (this.chars >= this.memoryChars) await this.spill()
  }

  /** Every line added, sorted. Read once, after the last add. */
  async * sorted (): AsyncGenerator<string> {
    if (this.runs.length === 0) {
      yield * this.lines.sort(compareLines)
      return
    }
    await this.spill()
    while (this.runs.length > this.fanIn) {
      const group = this.runs.splice(0, this.fanIn)
      this.runs.push(await this.writeRun(merge(group)))
      for (const run of group) await rm(run, { force: true })
    }
    yield * merge(this.runs)
  }

  async close (): Promise<void> {
    this.lines = []
    await rm(this.dir, { recursive: true, force: true })
  }

  private async spill (): Promise<void> {
    if (this.lines.length === 0) return
    const lines = this.lines.sort(compareLines)
    this.lines = []
    this.chars = 0
    this.runs.push(await this.writeRun(lines))
  }

  private async writeRun (lines: Iterable<string> | AsyncIterable<string>): Promise<string> {
    const path = join(this.dir, `run-${this.files++}`)
    const file = await open(path, 'wx', 0o600)
    try {
      let chunk: Buffer[] = []
      let size = 0
      for await (const line of lines) {
        const bytes = Buffer.from(line, 'utf8')
        const length = Buffer.allocUnsafe(4)
        length.writeUInt32LE(bytes.byteLength)
        chunk.push(length, bytes)
        size += 4 + bytes.byteLength
        if (size >= READ_BYTES) { await file.write(Buffer.concat(chunk)); chunk = []; size = 0 }
      }
      if (chunk.length > 0) await file.write(Buffer.concat(chunk))
    } finally {
      await file.close()
    }
    return path
  }
}

/** The lines of sorted runs, merged in order (a binary heap of the runs' next lines). */
async function * merge (paths: string[]): AsyncGenerator<string> {
  const readers = await Promise.all(paths.map(async p => RunReader.open(p)))
  try {
    const heap: Array<{ line: string, reader: RunReader }> = []
    for (const reader of readers) {
      const line = await reader.next()
      if (line != null) push(heap, { line, reader })
    }
    while (heap.length > 0) {
      const top = heap[0] as { line: string, reader: RunReader }
      yield top.line
      const line = await top.reader.next()
      if (line != null) { top.line = line; sink(heap, 0) } else { const last = heap.pop(); if (heap.length > 0 && last != null) { heap[0] = last; sink(heap, 0) } }
    }
  } finally {
    for (const reader of readers) await reader.close()
  }
}

interface Entry { line: string }

function push<T extends Entry> (heap: T[], entry: T): void {
  heap.push(entry)
  for (let i = heap.length - 1; i > 0;) {
    const parent = (i - 1) >> 1
    if (compareLines((heap[i] as T).line, (heap[parent] as T).line) >= 0) break
    ;[heap[i], heap[parent]] = [heap[parent] as T, heap[i] as T]
    i = parent
  }
}

function sink<T extends Entry> (heap: T[], from: number): void {
  for (let i = from; ;) {
    const l = 2 * i + 1
    const r = l + 1
    let min = i
    if (l < heap.length && compareLines((heap[l] as T).line, (heap[min] as T).line) < 0) min = l
    if (r < heap.length && compareLines((heap[r] as T).line, (heap[min] as T).line) < 0) min = r
    if (min === i) return
    ;[heap[i], heap[min]] = [heap[min] as T, heap[i] as T]
    i = min
  }
}

/** Reads a run's lines a buffer at a time. */
class RunReader {
  private buffer = Buffer.alloc(0)
  private at = 0
  private position = 0

  private constructor (private readonly file: FileHandle) {}

  static async open (path: string): Promise<RunReader> {
    return new RunReader(await open(path, 'r'))
  }

  async next (): Promise<string | undefined> {
    if (!(await this.fill(4))) return undefined
    const length = this.buffer.readUInt32LE(this.at)
    if (!(await this.fill(4 + length))) throw new SortRunError('a sort run ended inside a line')
    const line = this.buffer.toString('utf8', this.at + 4, this.at + 4 + length)
    this.at += 4 + length
    return line
  }

  async close (): Promise<void> {
    await this.file.close()
  }

  /** At least `needed` unread bytes in the buffer; false at the end of the file. */
  private async fill (needed: number): Promise<boolean> {
    while (this.buffer.byteLength - this.at < needed) {
      const more = Buffer.allocUnsafe(Math.max(READ_BYTES, needed))
      const { bytesRead } = await this.file.read(more, 0, more.byteLength, this.position)
      if (bytesRead === 0) return false
      this.position += bytesRead
      this.buffer = Buffer.concat([this.buffer.subarray(this.at), more.subarray(0, bytesRead)])
      this.at = 0
    }
    return true
  }
}
