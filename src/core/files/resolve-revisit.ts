import { compareDatetime, parseWarcDate } from '../datetime.ts'
import { NotFoundError } from '../errors.ts'
import { normalizeDigest } from '../iparo/digests.ts'
import type { FileIndexEntry } from './file-index-entry.ts'
import type { FileRecord } from './file-record.ts'
import type { EntryLookup } from './file-versions.ts'

const sameInstant = (a: string, b: string | undefined): boolean => {
  if (b == null) return false
  try {
    return parseWarcDate(b) === a
  } catch {
    return false
  }
}

/**
 * The original record a revisit stands for, in the same file: a response or resource with the same
 * declared payload digest (however spelled), of the revisit's URL (the latest before it), else of its
 * WARC-Refers-To-Target-URI (at WARC-Refers-To-Date when given). None: a NotFoundError, as an
 * unresolved revisit of a `memento` IPARO replays (its payload is never invented).
 */
export async function resolveRevisit (
  record: FileRecord, entry: FileIndexEntry, sameUrl: FileIndexEntry[], lookup: EntryLookup, read: (e: FileIndexEntry) => Promise<FileRecord>
): Promise<FileRecord> {
  // one digest in any spelling (`sha256:` or `sha-256:`, hex or base32), as ingest's revisit lookup compares them
  const digest = entry.digest == null ? undefined : normalizeDigest(entry.digest)
  const isOriginal = (e: FileIndexEntry): boolean => e.type !== 'revisit' && e.digest != null && normalizeDigest(e.digest) === digest
  let found = sameUrl.filter(e => isOriginal(e) && compareDatetime(e.datetime, entry.datetime) <= 0).pop()
  if (found == null && entry.refersToUri != null) {
    const there = (await lookup(entry.refersToUri)).filter(isOriginal)
    found = there.find(e => sameInstant(e.datetime, entry.refersToDate)) ?? there.pop()
  }
  if (found == null) throw new NotFoundError(`the capture of ${record.uri} at ${entry.datetime} is a revisit whose original is not in this file`)
  return read(found)
}
