import { nanos } from './datetime-nanos.ts'
import { afterGoal, beforeGoal, closestGoal, exactGoal, firstGoal, latestGoal } from './goals.ts'
import type { ChainSource } from './header-source.ts'
import { searchChain } from './search-chain.ts'
import type { SearchOptions, SearchResult } from './search-chain.ts'
import type { MementoRef } from './version-header.ts'
import type { Datetime } from '../datetime.ts'

export type ResolveOptions = Omit<SearchOptions, 'hints'>
export type Resolution = SearchResult

/** The latest version in time (not the last appended: captures may arrive out of order). */
export async function latest (source: ChainSource, head: string, options?: ResolveOptions): Promise<Resolution> {
  return searchChain(source, head, latestGoal, options)
}

/** The earliest version in time. */
export async function first (source: ChainSource, head: string, options?: ResolveOptions): Promise<Resolution> {
  return searchChain(source, head, firstGoal, options)
}

/**
 * The version nearest to `datetime`: the last version at or before it, or the first after it,
 * whichever is nearer; on equal distance the one at or before. Throws InvalidDatetimeError for a
 * datetime that is not normalized.
 */
export async function closest (
  source: ChainSource, head: string, datetime: Datetime, options?: ResolveOptions
): Promise<Resolution> {
  return searchChain(source, head, closestGoal(nanos(datetime)), options)
}

/**
 * The version appended last at exactly `datetime` (no memento when there is none): the one whose
 * see-also link leads to the one appended at that instant before it, and so on, so that from here every
 * version at the instant is reached. Not `closest`, which among them names the first appended.
 */
export async function exact (
  source: ChainSource, head: string, datetime: Datetime, options?: ResolveOptions
): Promise<Resolution> {
  return searchChain(source, head, exactGoal(nanos(datetime)), options)
}

/** The version just before `memento` in (datetime, seq) order; undefined memento when it is the first. */
export async function prev (
  source: ChainSource, head: string, memento: MementoRef, options?: ResolveOptions
): Promise<Resolution> {
  return searchChain(source, head, beforeGoal(nanos(memento.datetime), memento.seq), { ...options, hints: [memento] })
}

/** The version just after `memento` in (datetime, seq) order; undefined memento when it is the last. */
export async function next (
  source: ChainSource, head: string, memento: MementoRef, options?: ResolveOptions
): Promise<Resolution> {
  return searchChain(source, head, afterGoal(nanos(memento.datetime), memento.seq), { ...options, hints: [memento] })
}
