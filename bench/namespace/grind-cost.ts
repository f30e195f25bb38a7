/**
 * Part 1 on the calling thread: grindNonce over real IPARO roots at every bit count, next to the
 * theory, 2^bits × the time to hash one root (sha256 through node:crypto's one-shot `hash`, the same
 * function grindNonce calls), measured in the same run right before and after each bit count.
 */
import { grindNonce } from '../../src/core/namespace/grind-nonce.ts'
import type { NamespaceLayout } from '../../src/core/namespace/namespace-layout.ts'
import { namespacePrefix, type NamespacePrefix } from '../../src/core/namespace/namespace-prefix.ts'
import { sha256Digest } from '../../src/node/node-sha2.ts'
import type { SampleRoot } from './sample-roots.ts'
import { mean, median } from './stats.ts'


/** How a total splits in the bench: the archival tag's 6 bits first (as `--namespace 6:B`), the rest URL bits. */
export function layoutFor (total: number): NamespaceLayout {
  const bits = Math.min(total, 6)
  return { bits, urlBits: total - bits }
}

export async function prefixesFor (roots: SampleRoot[], total: number): Promise<NamespacePrefix[]> {
  return Promise.all(roots.map(async r => namespacePrefix(layoutFor(total), r.key)))
}

/** A reading of both clocks, ms: wall time, and this process's CPU time (robust to a shared machine). */
export function clock (): { wall: number, cpu: number } {
  const { user, system } = process.cpuUsage()
  return { wall: performance.now(), cpu: (user + system) / 1000 }
}

/** µs (CPU) to hash one root, `rounds` times each, round-robin. */
export function hashMicros (roots: SampleRoot[], rounds: number): number {
  const start = clock()
  for (let i = 0; i < rounds; i++) for (const r of roots) sha256Digest(r.bytes)
  return (clock().cpu - start.cpu) * 1000 / (rounds * roots.length)
}

export interface GrindSample {
  tries: number
  /** ms for one IPARO, wall and CPU (means over `reps` identical grinds, for bit counts too fast to time once) */
  wallMs: number
  cpuMs: number
  /** CPU µs per hash of this root, measured right before its grind (HASH_REPS hashes) */
  hashUs: number
  /** the ground root: the matching nonce written in */
  bytes: Uint8Array
}

const HASH_REPS = 256

/** Hashes the root HASH_REPS times, then grinds it from nonce 0, `reps` times (the same nonce each time). */
export function grindOne (root: SampleRoot, prefix: NamespacePrefix, reps: number): GrindSample {
  const bytes = root.bytes.slice()
  const base = clock()
  for (let i = 0; i < HASH_REPS; i++) sha256Digest(bytes)
  let nonce: number | undefined
  const start = clock()
  for (let i = 0; i < reps; i++) nonce = grindNonce(bytes, root.nonceAt, prefix, sha256Digest, 0, Number.MAX_SAFE_INTEGER)
  const end = clock()
  if (nonce === undefined) throw new Error('no nonce matched')
  return { tries: nonce + 1, wallMs: (end.wall - start.wall) / reps, cpuMs: (end.cpu - start.cpu) / reps, hashUs: (start.cpu - base.cpu) * 1000 / HASH_REPS, bytes }
}

export interface GrindRow {
  bits: number
  iparos: number
  medianTries: number
  meanTries: number
  /** the expected (mean) number of tries, 2^bits; a geometric law's median is about ln 2 × that */
  expectedTries: number
  medianWallMs: number
  meanWallMs: number
  medianCpuMs: number
  meanCpuMs: number
  /** CPU µs to hash one root, measured beside each grind */
  hashUs: number
  /** 2^bits × hashUs: the expected CPU time per IPARO */
  theoryMs: number
  /** meanCpuMs ÷ theoryMs: the grinder's overhead and the sample's luck together */
  ratio: number
  /** (CPU per try) ÷ hashUs: the grinder's overhead alone */
  perTryRatio: number
}

/** Reps that make a low bit count's grind last ~2^10 tries, enough to time. */
const repsFor = (bits: number): number => Math.max(1, 2 ** (10 - bits))

export async function grindRow (roots: SampleRoot[], bits: number, count: number): Promise<GrindRow> {
  const used = roots.slice(0, count)
  const prefixes = await prefixesFor(used, bits)
  const samples = used.map((r, i) => {
    const prefix = prefixes[i]
    if (prefix == null) throw new Error('no prefix')
    return grindOne(r, prefix, repsFor(bits))
  })
  const tries = samples.map(s => s.tries)
  const cpu = samples.map(s => s.cpuMs)
  // the median: a baseline that caught a background thread's work (JIT, GC) is an outlier, not the rule
  const hashUs = median(samples.map(s => s.hashUs))
  const theoryMs = 2 ** bits * hashUs / 1000
  const perTryUs = cpu.reduce((a, b) => a + b, 0) * 1000 / tries.reduce((a, b) => a + b, 0)
  return {
    bits,
    iparos: used.length,
    medianTries: median(tries),
    meanTries: mean(tries),
    expectedTries: 2 ** bits,
    medianWallMs: median(samples.map(s => s.wallMs)),
    meanWallMs: mean(samples.map(s => s.wallMs)),
    medianCpuMs: median(cpu),
    meanCpuMs: mean(cpu),
    hashUs,
    theoryMs,
    ratio: mean(cpu) / theoryMs,
    perTryRatio: perTryUs / hashUs
  }
}

/** IPAROs per bit count: all the sample up to 16 bits, fewer above (a 20-bit grind is ~2^20 hashes). */
export function defaultCount (bits: number, sample: number): number {
  if (bits <= 16) return sample
  return Math.max(4, bits <= 18 ? sample >> 1 : sample >> 2)
}
