import type { Worker } from 'node:worker_threads'
import { writeNonce } from '../../core/namespace/grind-nonce.ts'
import type { NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { NamespaceGrindError } from '../../core/namespace/namespacing.ts'
import type { GrindChunkDone } from './grind-messages.ts'
import { spawnGrindWorker } from './spawn-grind-worker.ts'

interface Thread {
  worker: Worker
  /** chunks posted to it and not answered yet */
  queued: number
}

/**
 * Chunks queued per thread: with a second one waiting, a thread goes on as soon as it answers, rather
 * than after its answer's round trip (tens of µs, more on a busy machine: at 12 bits, chunks of 256
 * tries, one at a time made the pool slower than grinding inline).
 */
const DEPTH = 2

/** The grind under way: chunks are handed out in nonce order, `next` being the next one's first nonce. */
interface Job {
  id: number
  root: Uint8Array
  nonceAt: number
  prefix: NamespacePrefix
  size: number
  next: number
  /** first nonces of the chunks being tried */
  inFlight: Set<number>
  /** the lowest chunk that matched so far, and its nonce */
  best: { from: number, nonce: number } | undefined
  resolve: (nonce: number) => void
  reject: (err: Error) => void
}

/**
 * The threads of a grind pool (grind-pool.ts) and the one grind they work on. A match is taken only
 * once every chunk below it is done (none of them matched, or the lowest that did wins): the result
 * is the smallest matching nonce, as the inline grinder finds it. An abort or a thread's failure ends
 * every thread and fails the grind and every later one.
 */
export class GrindWorkers {
  private readonly threads: Thread[] = []
  private job: Job | undefined = undefined
  private failure: Error | undefined = undefined
  private jobs = 0
  private ended: Promise<unknown> = Promise.resolve()
  /** the id of the last grind taken or failed, shared with the threads: they skip its queued chunks */
  private readonly finished = new Int32Array(new SharedArrayBuffer(4))
  private readonly onAbort = (): void => { this.fail(new NamespaceGrindError('grinding was cancelled', { cause: this.signal?.reason })) }

  constructor (script: URL, count: number, private readonly onHashes: (hashes: number) => void, private readonly signal?: AbortSignal) {
    for (let i = 0; i < count; i++) {
      const thread: Thread = { worker: spawnGrindWorker(script, { finished: this.finished }), queued: 0 }
      thread.worker.on('message', (done: GrindChunkDone) => { this.done(thread, done) })
      thread.worker.on('error', (err) => { this.fail(new NamespaceGrindError('a grinding thread failed', { cause: err })) })
      thread.worker.on('exit', (code) => { this.fail(new NamespaceGrindError(`a grinding thread exited (${code})`)) })
      // idle threads do not keep the process alive; a grind refs them while it runs
      thread.worker.unref()
      this.threads.push(thread)
    }
    signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  /** The root with the smallest nonce that puts it under `prefix`, tried `size` nonces per chunk. */
  async grind (root: Uint8Array, nonceAt: number, prefix: NamespacePrefix, size: number): Promise<Uint8Array> {
    if (this.signal?.aborted === true) this.onAbort()
    if (this.failure != null) throw this.failure
    const nonce = await new Promise<number>((resolve, reject) => {
      this.job = { id: ++this.jobs, root, nonceAt, prefix, size, next: 0, inFlight: new Set(), best: undefined, resolve, reject }
      for (const t of this.threads) t.worker.ref()
      this.dispatch()
    })
    const out = root.slice()
    writeNonce(out, nonceAt, nonce)
    return out
  }

  async close (): Promise<void> {
    this.fail(new NamespaceGrindError('the grind pool was closed'))
    await this.ended
  }

  /** Tops every thread's queue up with the next chunks, unless a lower chunk already matched. */
  private dispatch (): void {
    const job = this.job
    if (job == null) return
    for (let depth = 1; depth <= DEPTH; depth++) {
      for (const t of this.threads) {
        if (t.queued >= depth) continue
        if (job.best != null && job.next >= job.best.from) return
        if (job.next + job.size > Number.MAX_SAFE_INTEGER) {
          this.finish(job)
          job.reject(new NamespaceGrindError('no nonce matched'))
          return
        }
        t.queued++
        job.inFlight.add(job.next)
        t.worker.postMessage({ job: job.id, root: job.root, nonceAt: job.nonceAt, prefix: job.prefix, from: job.next, count: job.size })
        job.next += job.size
      }
    }
  }

  private done (thread: Thread, done: GrindChunkDone): void {
    thread.queued--
    this.onHashes(done.hashes)
    const job = this.job
    // a chunk of an earlier grind, above the nonce that grind took: nothing to take from it
    if (job?.id === done.job) {
      job.inFlight.delete(done.from)
      if (done.nonce != null && (job.best == null || done.from < job.best.from)) job.best = { from: done.from, nonce: done.nonce }
      const best = job.best
      if (best != null && ![...job.inFlight].some(from => from < best.from)) {
        this.finish(job)
        job.resolve(best.nonce)
        return
      }
    }
    this.dispatch()
  }

  private finish (job: Job): void {
    if (this.job === job) this.job = undefined
    Atomics.store(this.finished, 0, job.id)
    for (const t of this.threads) t.worker.unref()
  }

  private fail (err: Error): void {
    if (this.failure != null) return
    this.failure = err
    this.signal?.removeEventListener('abort', this.onAbort)
    const job = this.job
    if (job != null) {
      this.finish(job)
      job.reject(err)
    }
    this.ended = Promise.all(this.threads.map(async (t) => {
      t.worker.removeAllListeners('exit')
      return t.worker.terminate()
    }))
  }
}
