import { open, readFile, stat, unlink } from 'node:fs/promises'
import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { StoreLockedError } from './pack-errors.ts'

/**
 * One writer per store: a file created exclusively (O_EXCL) holding the writer's pid and host. A lock
 * left by a process that died on this host is taken over; a live holder is waited for, up to
 * `timeoutMs`. Readers never take it.
 */
export class WriterLock {
  private held = false

  constructor (private readonly path: string, private readonly timeoutMs = 60_000) {}

  get isHeld (): boolean {
    return this.held
  }

  async acquire (): Promise<void> {
    if (this.held) return
    const deadline = Date.now() + this.timeoutMs
    for (;;) {
      try {
        const handle = await open(this.path, 'wx', 0o644)
        try {
          await handle.writeFile(`${process.pid}\n${hostname()}\n`)
        } finally {
          await handle.close()
        }
        this.held = true
        return
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      const holder = await this.holder()
      if (holder != null && holder.stale) {
        // The holder died without releasing: its appends end wherever they were cut, which readers
        // and the next writer already tolerate.
        await unlink(this.path).catch(() => undefined)
        continue
      }
      if (Date.now() >= deadline) {
        throw new StoreLockedError(`another iparo process${holder == null ? '' : ` (pid ${holder.pid} on ${holder.host})`} is writing to this store (lock ${this.path})`)
      }
      await sleep(25)
    }
  }

  async release (): Promise<void> {
    if (!this.held) return
    this.held = false
    await unlink(this.path).catch(() => undefined)
  }

  private async holder (): Promise<{ pid: number, host: string, stale: boolean } | undefined> {
    let text: string
    let age: number
    try {
      text = await readFile(this.path, 'utf8')
      age = Date.now() - (await stat(this.path)).mtimeMs
    } catch {
      return undefined
    }
    const [pidText, host = ''] = text.split('\n')
    const pid = Number(pidText)
    // A lock being written right now is empty for an instant; one still empty after seconds lost its
    // writer between creating and filling it.
    if (!Number.isSafeInteger(pid) || pid <= 0) return age > 5_000 ? { pid: 0, host: '', stale: true } : undefined
    return { pid, host, stale: host === hostname() && !isAlive(pid) }
  }
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
