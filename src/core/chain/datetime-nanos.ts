import { toEpochNanos } from '../datetime.ts'
import type { Datetime } from '../datetime.ts'

const cache = new Map<Datetime, bigint>()
const CACHE_LIMIT = 20_000

/**
 * toEpochNanos, memoized: resolution compares the same few thousand datetimes over and over, and
 * parsing dominates otherwise. Throws InvalidDatetimeError like toEpochNanos.
 */
export function nanos (dt: Datetime): bigint {
  let n = cache.get(dt)
  if (n === undefined) {
    n = toEpochNanos(dt)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(dt, n)
  }
  return n
}

/** nanos, or undefined for anything that is not a normalized datetime. */
export function tryNanos (dt: unknown): bigint | undefined {
  if (typeof dt !== 'string') return undefined
  try {
    return nanos(dt)
  } catch {
    return undefined
  }
}
