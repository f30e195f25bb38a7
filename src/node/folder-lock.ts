import { AsyncLocalStorage } from 'node:async_hooks'
import { resolve } from 'node:path'
import { dropLockFile, takeLockFile, type LockHolder } from './lock-file.ts'
import { LockTimeoutError } from './lock-timeout-error.ts'

export type { LockHolder } from './lock-file.ts'

export interface FolderLockOptions {
  /** how long to wait for another holder before LockTimeoutError; Infinity (default) waits while it lives */
  timeoutMs?: number
  /** told once per acquisition when another process holds the lock (a long ingest, say) */
  onWait?: (holder: LockHolder) => void
}

/**
 * Callers in this process queue here first, one per lock path, so that concurrent requests of one
 * process (a node answering 30 PUTs) wait their turn in order instead of polling the file.
 */
const queues = new Map<string, Promise<void>>()

/**
 * A cross-process lock on part of the data folder: a lock file naming its holder (docs/storage.md,
 * "Concurrent writers"). `run(fn)` holds it for `fn`; `hold()` holds it until `release()` (a command
 * that writes from start to end). Re-entrant: inside `run` or while held, `run` just calls `fn`, so a
 * method that locks for itself can be called by a caller that already locked.
 */
export class FolderLock {
  readonly path: string
  private readonly inside = new AsyncLocalStorage<true>()
  private holding: (() => Promise<void>) | undefined = undefined

  constructor (path: string, private readonly options: FolderLockOptions = {}) {
    this.path = resolve(path)
  }

  get isHeld (): boolean {
    return this.holding != null
  }

  async run<T> (fn: () => Promise<T>): Promise<T> {
    if (this.holding != null || this.inside.getStore() === true) return fn()
    const release = await this.acquire()
    try {
      return await this.inside.run(true, fn)
    } finally {
      await release()
    }
  }

  async hold (): Promise<void> {
    if (this.holding != null) return
    this.holding = await this.acquire()
  }

  async release (): Promise<void> {
    const release = this.holding
    this.holding = undefined
    await release?.()
  }

  private async acquire (): Promise<() => Promise<void>> {
    const deadline = Date.now() + (this.options.timeoutMs ?? Infinity)
    const before = queues.get(this.path) ?? Promise.resolve()
    let leave!: () => void
    const turn = new Promise<void>((resolve) => { leave = resolve })
    const tail = before.then(() => turn)
    queues.set(this.path, tail)
    const done = (): void => {
      leave()
      if (queues.get(this.path) === tail) queues.delete(this.path)
    }
    try {
      await waitUntil(before, deadline, this.path)
      const token = await takeLockFile(this.path, { deadline, onWait: this.options.onWait })
      return async () => {
        try {
          await dropLockFile(this.path, token)
        } finally {
          done()
        }
      }
    } catch (err) {
      done()
      throw err
    }
  }
}

async function waitUntil (before: Promise<void>, deadline: number, path: string): Promise<void> {
  if (deadline === Infinity) return before
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new LockTimeoutError(`this process still holds ${path} for another task; nothing was changed`)) }, Math.max(deadline - Date.now(), 0))
  })
  try {
    await Promise.race([before, timeout])
  } finally {
    clearTimeout(timer)
  }
}
