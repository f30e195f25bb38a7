import { open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { makeSpillDir } from '../export/spill-dir.ts'

/** A first-in first-out queue of CIDs (a breadth-first walk's frontier). */
export interface CidQueue {
  push: (cids: CID[]) => Promise<void>
  /** up to `n` CIDs, oldest first; none when the queue is empty */
  take: (n: number) => Promise<CID[]>
  close: () => Promise<void>
}

/** Every CID in memory: for tests and small DAGs. */
export class MemoryCidQueue implements CidQueue {
  private items: CID[] = []
  private head = 0

  async push (cids: CID[]): Promise<void> { this.items.push(...cids) }

  async take (n: number): Promise<CID[]> {
    const taken = this.items.slice(this.head, this.head + n)
    this.head += taken.length
    // drop what was taken now and then, instead of shifting the whole queue per batch
    if (this.head > 65_536) { this.items = this.items.slice(this.head); this.head = 0 }
    return taken
  }

  async close (): Promise<void> { this.items = [] }
}

/**
 * A CidQueue whose memory does not grow with its length: CIDs are taken from `head` and pushed onto
 * `tail`; a full tail is appended to a file (CID bytes, each after its 2-byte length), which is read
 * back a segment at a time once `head` is empty, before the tail (it is older). The file starts over
 * whenever it has been read to its end. Memory: two segments of CIDs. Calls run one at a time.
 */
export class SpillCidQueue implements CidQueue {
  private head: CID[] = []
  private at = 0
  private tail: CID[] = []
  private written = 0
  private read = 0
  private queue: Promise<unknown> = Promise.resolve()

  private constructor (private readonly dir: string, private readonly file: FileHandle, private readonly segment: number) {}

  static async open (dataDir: string, segment = 65_536): Promise<SpillCidQueue> {
    const dir = await makeSpillDir(dataDir, 'queue')
    return new SpillCidQueue(dir, await open(join(dir, 'queue'), 'w+', 0o600), Math.max(1, segment))
  }

  async push (cids: CID[]): Promise<void> {
    return this.serial(async () => {
      for (const cid of cids) {
        this.tail.push(cid)
        if (this.tail.length >= this.segment) await this.spillTail()
      }
    })
  }

  async take (n: number): Promise<CID[]> {
    return this.serial(async () => {
      const out: CID[] = []
      while (out.length < n) {
        if (this.at === this.head.length && !(await this.refill())) break
        const cid = this.head[this.at++]
        if (cid != null) out.push(cid)
      }
      return out
    })
  }

  /** One call at a time: a spill and a refill both move the file's ends across awaits. */
  private async serial<T> (op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op)
    this.queue = next.catch(() => {})
    return next
  }

  async close (): Promise<void> {
    await this.queue
    await this.file.close().catch(() => {})
    await rm(this.dir, { recursive: true, force: true })
  }

  private async spillTail (): Promise<void> {
    const parts: Buffer[] = []
    for (const cid of this.tail) {
      const length = Buffer.allocUnsafe(2)
      length.writeUInt16LE(cid.bytes.byteLength)
      parts.push(length, Buffer.from(cid.bytes))
    }
    const bytes = Buffer.concat(parts)
    await this.file.write(bytes, 0, bytes.byteLength, this.written)
    this.written += bytes.byteLength
    this.tail = []
  }

  /** The next segment from the file, else the tail; false when the queue is empty. */
  private async refill (): Promise<boolean> {
    this.head = []
    this.at = 0
    if (this.read < this.written) {
      this.head = await this.readSegment()
      if (this.read === this.written) { this.read = 0; this.written = 0; await this.file.truncate(0) }
    } else {
      this.head = this.tail
      this.tail = []
    }
    return this.head.length > 0
  }

  private async readSegment (): Promise<CID[]> {
    const out: CID[] = []
    // room for at least one record of the longest length a record can state
    const chunk = Buffer.allocUnsafe(Math.min(this.written - this.read, Math.max(this.segment * 80, 2 + 0xffff)))
    const { bytesRead } = await this.file.read(chunk, 0, chunk.byteLength, this.read)
    let i = 0
    while (i + 2 <= bytesRead) {
      const length = chunk.readUInt16LE(i)
      if (i + 2 + length > bytesRead) break
      out.push(CID.decode(new Uint8Array(chunk.subarray(i + 2, i + 2 + length))))
      i += 2 + length
    }
    this.read += i
    return out
  }
}
