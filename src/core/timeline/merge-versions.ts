import { toDigits, toEpochMs, type Datetime } from '../datetime.ts'
import type { TimeMapJsonEntry } from './timemap-json.ts'

/** One capture of the current URL in one archive: a point on the timeline. */
export interface Version {
  archive: string
  datetime: Datetime
  /** the URI-M datetime segment that names exactly this capture */
  digits: string
  /** ms since the epoch, for placing it on the chart */
  ms: number
  cid?: string
}

export interface ArchiveVersions {
  archive: string
  entries: TimeMapJsonEntry[]
}

/**
 * The versions of one URL from several archives in one time order: an in-browser Memento aggregator.
 * Ties (the same instant in two archives) keep the order the archives were given in, so the list is
 * stable from one merge to the next.
 */
export function mergeVersions (sources: ArchiveVersions[]): Version[] {
  const all: Array<Version & { rank: number }> = []
  sources.forEach((source, rank) => {
    for (const e of source.entries) {
      const v: Version & { rank: number } = { archive: source.archive, datetime: e.datetime, digits: toDigits(e.datetime), ms: toEpochMs(e.datetime), rank }
      if (e.cid != null) v.cid = e.cid
      all.push(v)
    }
  })
  all.sort((a, b) => a.ms - b.ms || a.digits.localeCompare(b.digits) || a.rank - b.rank)
  return all.map(({ rank: _rank, ...v }) => v)
}

/** The version closest in time to `ms` (the earlier one on a tie, as a TimeGate picks), or -1 for none. */
export function closestVersion (versions: readonly Version[], ms: number, archive?: string): number {
  let best = -1
  let bestDistance = Infinity
  versions.forEach((v, i) => {
    if (archive != null && v.archive !== archive) return
    const d = Math.abs(v.ms - ms)
    if (d < bestDistance) { best = i; bestDistance = d }
  })
  return best
}

/** Where `archive`/`digits` sits in the list, or -1. */
export function indexOfVersion (versions: readonly Version[], archive: string, digits: string): number {
  return versions.findIndex(v => v.archive === archive && v.digits === digits)
}
