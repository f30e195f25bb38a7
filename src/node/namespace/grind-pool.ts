import { availableParallelism } from 'node:os'
import { NONCE_DIGITS } from '../../core/namespace/grind-nonce.ts'
import { inlineGrinder, NamespaceGrindError, type NonceGrinder } from '../../core/namespace/namespacing.ts'
import type { NamespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { GrindWorkers } from './grind-workers.ts'
import { sha256Digest } from '../node-sha2.ts'
import { grindWorkerScript } from './spawn-grind-worker.ts'

/**
 * Prefixes shorter than this many bits are ground on the calling thread. Measured on this machine (2
 * cores shared with other jobs, Node 20, 5mementos roots of 1.5–1.9 KB; the numbers and the script are
 * in the report of issue 22): a try costs 1.6–1.9 µs of CPU on any thread (~550k tries/s a thread); a
 * grind on the pool costs ~80 µs more than its tries (4 chunk messages, waking the threads: measured at
 * 1 bit, 0.08 ms against 0.009 inline). With both cores free two threads save half the tries' time, so
 * the pool wins from ~7 bits (2^7 × 1.7 µs / 2 ≈ 110 µs); with one core taken by another job it did
 * not win below 11 bits (pool/inline time 2.4 at 6 bits, 1.8 at 8, 1.4 at 10, 1.0 at 11). Below 9
 * bits an IPARO costs < 0.9 ms inline whichever way it goes.
 */
export const INLINE_BELOW_BITS = 9
/** Nonces per chunk at most: ~30 ms of hashing, so an abort or a found nonce is acted on quickly. */
export const MAX_CHUNK = 1 << 14
/** …and at least: a chunk's messages cost ~20 µs, 64 tries ~120 µs. */
const MIN_CHUNK = 64

export interface GrindStats {
  /** grinding threads (0 until a grind needed them, or when every grind was inline) */
  threads: number
  /** IPAROs ground */
  iparos: number
  /** the sum over IPAROs of (matching nonce + 1): what a single thread would have tried */
  tries: number
  /** nonces actually hashed, including the chunks above the match that other threads were trying */
  hashes: number
  /** wall time spent in grind() */
  grindMs: number
}

export interface GrindPoolOptions {
  /** grinding threads; default `IPARO_GRIND_THREADS` in `env`, else availableParallelism() */
  threads?: number
  /** prefixes of fewer bits grind inline (default INLINE_BELOW_BITS; 0: always on the workers) */
  inlineBelowBits?: number
  /** nonces per chunk (default: 2^bits / (8 × threads), from 64 to MAX_CHUNK) */
  chunk?: number
  /** cancels every grind, running or to come: they throw NamespaceGrindError (cause: the reason) */
  signal?: AbortSignal
  /** after every chunk a thread finishes and every IPARO ground: the stats so far */
  onProgress?: (stats: Readonly<GrindStats>) => void
  /** where IPARO_GRIND_THREADS is read (default process.env) */
  env?: NodeJS.ProcessEnv
}

export interface GrindPool {
  grind: NonceGrinder
  /** Ends the threads; a grind still running throws NamespaceGrindError. */
  close: () => Promise<void>
  /** live totals (a snapshot: copy it to keep it) */
  readonly stats: Readonly<GrindStats>
}

/** `IPARO_GRIND_THREADS` or the option, checked: a thread count of 1 to 256. */
export function grindThreads (option: number | undefined, env: NodeJS.ProcessEnv): number {
  const text = env.IPARO_GRIND_THREADS
  const value = option ?? (text != null && text !== '' ? Number(text) : availableParallelism())
  if (!Number.isSafeInteger(value) || value < 1 || value > 256) {
    throw new NamespaceGrindError(`IPARO_GRIND_THREADS takes a thread count from 1 to 256, not ${JSON.stringify(option ?? text)}`)
  }
  return value
}

/** The nonce written at `at` (NONCE_DIGITS hex digits) as a number. */
function nonceIn (bytes: Uint8Array, at: number): number {
  return Number.parseInt(new TextDecoder().decode(bytes.subarray(at, at + NONCE_DIGITS)), 16)
}

/**
 * Grinds roots into their namespace on worker threads (src/node/namespace/grind-worker.ts, the core's
 * grindNonce with node:crypto's one-shot sha256): each grind's nonce space is split into chunks handed
 * to the threads in order, and the smallest matching nonce wins, so the CID is the inline grinder's,
 * whatever the thread count or timing. Small prefixes grind inline (INLINE_BELOW_BITS); so does every
 * grind when no worker script is found (a bundle without dist/grind-worker.js).
 */
export function createGrindPool (options: GrindPoolOptions = {}): GrindPool {
  const threads = grindThreads(options.threads, options.env ?? process.env)
  const stats: GrindStats = { threads: 0, iparos: 0, tries: 0, hashes: 0, grindMs: 0 }
  const script = grindWorkerScript()
  const inline = inlineGrinder(sha256Digest, options.signal)
  const inlineBelow = options.inlineBelowBits ?? INLINE_BELOW_BITS
  let workers: GrindWorkers | undefined
  let closed = false
  const progress = (hashes: number): void => {
    stats.hashes += hashes
    options.onProgress?.(stats)
  }
  let queue = Promise.resolve()

  async function grindOne (root: Uint8Array, nonceAt: number, prefix: NamespacePrefix): Promise<Uint8Array> {
    const started = performance.now()
    try {
      if (options.signal?.aborted === true) throw new NamespaceGrindError('grinding was cancelled', { cause: options.signal.reason })
      if (closed) throw new NamespaceGrindError('the grind pool was closed')
      let ground: Uint8Array
      if (script == null || prefix.bits < inlineBelow) {
        ground = await inline(root, nonceAt, prefix)
        stats.hashes += nonceIn(ground, nonceAt) + 1
      } else {
        if (workers == null) {
          workers = new GrindWorkers(script, threads, progress, options.signal)
          stats.threads = threads
        }
        // ~2^bits tries are expected: in chunks of an eighth of that per thread, every thread is busy from
        // the start, and the chunks tried in vain above the match are ~1/8 of the work
        const chunk = options.chunk ?? Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(2 ** prefix.bits / (8 * threads))))
        ground = await workers.grind(root, nonceAt, prefix, chunk)
      }
      stats.iparos++
      stats.tries += nonceIn(ground, nonceAt) + 1
      return ground
    } finally {
      stats.grindMs += performance.now() - started
      options.onProgress?.(stats)
    }
  }

  return {
    stats,
    // one grind at a time: each already has every thread
    grind: async (root, nonceAt, prefix) => {
      const result = queue.then(async () => grindOne(root, nonceAt, prefix))
      queue = result.then(() => {}, () => {})
      return result
    },
    close: async () => {
      closed = true
      await workers?.close()
    }
  }
}
