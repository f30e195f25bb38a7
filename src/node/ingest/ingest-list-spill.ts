import { closeSync, createReadStream, openSync, writeSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { ListItem, ListName, ListSpill } from '../../core/ingest/summary-lists.ts'
import { makeSpillDir } from '../export/spill-dir.ts'

/** items are written out once this much is buffered */
const BUFFER_CHARS = 256 * 1024

/**
 * Every item of an ingest summary's growing lists, one JSON line each, in files under the data folder's
 * `tmp/`: the summary keeps only the first items in memory, and `--json` reads the rest back from here.
 * Writes are synchronous and buffered (a few hundred KB), so memory stays bounded with no back-pressure
 * to handle; the folder is removed by `close`, or by the next command if this process dies.
 */
export class IngestListSpill implements ListSpill {
  /** lines not yet written, and their length, per list */
  private readonly buffers = new Map<ListName, { lines: string[], chars: number }>()
  private readonly fds = new Map<ListName, number>()

  private constructor (private readonly dir: string) {}

  static async create (dataDir: string): Promise<IngestListSpill> {
    return new IngestListSpill(await makeSpillDir(dataDir, 'ingest'))
  }

  add<K extends ListName> (list: K, item: ListItem<K>): void {
    const line = JSON.stringify(item) + '\n'
    let buffer = this.buffers.get(list)
    if (buffer == null) {
      buffer = { lines: [], chars: 0 }
      this.buffers.set(list, buffer)
    }
    buffer.lines.push(line)
    buffer.chars += line.length
    if (buffer.chars >= BUFFER_CHARS) this.write(list)
  }

  /** Every item added to `list`, in order, parsed back. */
  async * items (list: ListName): AsyncGenerator<unknown> {
    this.write(list)
    const fd = this.fds.get(list)
    if (fd == null) return
    const lines = createInterface({ input: createReadStream(this.path(list)), crlfDelay: Infinity })
    for await (const line of lines) if (line !== '') yield JSON.parse(line)
  }

  async close (): Promise<void> {
    for (const fd of this.fds.values()) closeSync(fd)
    this.fds.clear()
    await rm(this.dir, { recursive: true, force: true })
  }

  private path (list: ListName): string {
    return join(this.dir, `${list}.jsonl`)
  }

  private write (list: ListName): void {
    const buffer = this.buffers.get(list)
    if (buffer == null || buffer.lines.length === 0) return
    let fd = this.fds.get(list)
    if (fd == null) {
      fd = openSync(this.path(list), 'a')
      this.fds.set(list, fd)
    }
    writeSync(fd, buffer.lines.join(''))
    buffer.lines = []
    buffer.chars = 0
  }
}
