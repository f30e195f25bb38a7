import { createHash, type Hash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'

/** Buffered before a write: one write per line would cost a call each. */
const FLUSH_BYTES = 256 * 1024

/**
 * A file written by appending, its sha256 and size counted as it is written (a WACZ lists both for
 * every member), so it is never read back to be hashed and never held whole.
 */
export class HashedFile {
  private readonly hash: Hash = createHash('sha256')
  private pending: Buffer[] = []
  private pendingBytes = 0
  private written = 0

  private constructor (readonly path: string, private readonly file: FileHandle) {}

  static async create (path: string): Promise<HashedFile> {
    return new HashedFile(path, await open(path, 'wx', 0o600))
  }

  async append (bytes: Uint8Array | string): Promise<void> {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.hash.update(buffer)
    this.pending.push(buffer)
    this.pendingBytes += buffer.byteLength
    this.written += buffer.byteLength
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush()
  }

  /** Writes what is pending and closes the file: its `sha256:` hash and its size. */
  async finish (): Promise<{ hash: string, bytes: number }> {
    try {
      await this.flush()
    } finally {
      await this.file.close()
    }
    return { hash: `sha256:${this.hash.digest('hex')}`, bytes: this.written }
  }

  /** Closes without finishing (the caller removes the file). */
  async abandon (): Promise<void> {
    await this.file.close().catch(() => {})
  }

  private async flush (): Promise<void> {
    if (this.pendingBytes === 0) return
    const bytes = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    await this.file.write(bytes)
  }
}
