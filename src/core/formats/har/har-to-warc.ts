import type { HasherFactory } from '../../iparo/digests.ts'
import { harEntries } from './har-entry.ts'
import { harEntryToWarc, type HarEntryOutcome } from './har-entry-to-warc.ts'

export type { HarEntryOutcome }

/**
 * A parsed HAR file's entries, in file order, each as its WARC records or the reason it has none. A
 * value that is no HAR (`{ log: { entries: [...] } }`) throws a HarFormatError before any entry.
 */
export function * harToWarc (har: unknown, hashers: HasherFactory): Generator<HarEntryOutcome> {
  const entries = harEntries(har)
  for (const entry of entries) yield harEntryToWarc(entry, hashers)
}
