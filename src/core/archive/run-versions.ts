import { CID } from 'multiformats/cid'
import type { BlockStore } from '../blocks.ts'
import { collectTimeMap, exact, type MementoRef } from '../chain/index.ts'
import { compareDatetime } from '../datetime.ts'
import { InvalidInputError } from '../errors.ts'
import { cidString } from '../iparo/cid-string.ts'
import type { UrlEntry, UrlMap } from '../url-map/url-map.ts'
import { instantPrefix, openVersionIndex, VersionIndex, writeVersionIndex, type VersionToIndex } from '../versions/index.ts'
import type { IparoHeaderSource } from './iparo-header-source.ts'
import { setBounded } from '../bounded-map.ts'

type Added = VersionToIndex & { head: CID }

interface UrlRun {
  /** the entry before this run (undefined: a URL new to the archive) */
  before: UrlEntry | undefined
  added: Added[]
  /**
   * versions added in this run by instant (instantPrefix), in append order: made once a URL has more
   * than BY_INSTANT_FROM of them (most have one or two, and a Map each costs more than they do)
   */
  byInstant?: Map<string, Added[]>
}

type OpenedIndex = Promise<{ map: UrlMap, reader: VersionIndex }>

const BY_INSTANT_FROM = 8
/**
 * Version indexes kept open (by root CID, least recently used dropped), so a URL captured many times
 * in a run reads its index once, while a run over millions of URLs holds only this many.
 */
const OPEN_INDEXES = 64

/**
 * The version indexes of one ingest run: what each URL had before the run, the versions the run adds,
 * and, at commit, each URL's new index root. It also answers "which versions are at exactly this
 * instant", for see-also links and for telling a re-ingested record from a new one, from the index and
 * the run's own versions instead of a search of a possibly out-of-order chain.
 */
export class RunVersions {
  private readonly urls = new Map<string, UrlRun>()
  private readonly indexes = new Map<string, OpenedIndex>()

  constructor (private readonly store: BlockStore, private readonly source: IparoHeaderSource) {}

  /** Called with the entry each URL had before the run, before any `add` for it. */
  begin (key: string, before: UrlEntry | undefined): void {
    if (!this.urls.has(key)) this.urls.set(key, { before, added: [] })
  }

  private run (key: string): UrlRun {
    const run = this.urls.get(key)
    if (run == null) throw new InvalidInputError(`RunVersions.begin was not called for ${key}`)
    return run
  }

  add (key: string, version: MementoRef & { url: string }): void {
    const run = this.run(key)
    const added = { ...version, head: CID.parse(version.cid) }
    run.added.push(added)
    if (run.byInstant != null) addByInstant(run.byInstant, added)
    else if (run.added.length > BY_INSTANT_FROM) {
      run.byInstant = new Map()
      for (const a of run.added) addByInstant(run.byInstant, a)
    }
  }

  private async index (run: UrlRun): Promise<{ map: UrlMap, reader: VersionIndex } | undefined> {
    const root = run.before?.versions
    if (root == null) return undefined
    const id = root.toString()
    let opened = this.indexes.get(id)
    if (opened != null) this.indexes.delete(id)
    opened ??= openVersionIndex(this.store, root).then(map => ({ map, reader: VersionIndex.over(map) }))
    setBounded(this.indexes, OPEN_INDEXES, id, opened)
    return opened
  }

  /**
   * The versions at exactly `datetime`, last appended first: this run's, then the one the archive
   * had last appended there (whose see-also links lead to the others).
   */
  async atInstant (key: string, datetime: string): Promise<MementoRef[]> {
    const run = this.run(key)
    const instant = instantPrefix(datetime)
    const found: MementoRef[] = (run.byInstant != null ? run.byInstant.get(instant) ?? [] : run.added.filter(a => instantPrefix(a.datetime) === instant)).slice().reverse()
    const before = run.before
    // nothing archived before the run lies outside [first, last]: no read for a capture newer than all
    if (before == null || compareDatetime(datetime, before.first) < 0 || compareDatetime(datetime, before.last) > 0) return found
    const index = await this.index(run)
    let earlier: MementoRef | undefined
    if (index != null) earlier = await index.reader.exact(datetime)
    else if (before.count === 1) earlier = before.first === datetime ? { cid: cidString(before.head), datetime, seq: 0 } : undefined
    else earlier = (await exact(this.source, cidString(before.head), datetime)).memento
    if (earlier != null && instantPrefix(earlier.datetime) === instantPrefix(datetime)) found.push(earlier)
    return found
  }

  /**
   * The URL's new index root, or undefined while it has a single version (or when an archive written
   * before indexes existed cannot list its chain completely: readers then keep walking the chain).
   */
  async finish (key: string, entry: UrlEntry): Promise<CID | undefined> {
    const run = this.run(key)
    if (run.added.length === 0) return run.before?.versions
    if (entry.count < 2) return undefined
    const index = await this.index(run)
    if (index != null) return (await writeVersionIndex(this.store, index.map, run.added)).root
    const earlier = await this.earlierVersions(run.before)
    if (earlier == null) return undefined
    return (await writeVersionIndex(this.store, undefined, [...earlier, ...run.added])).root
  }

  /** What the archive held before the run, for a first index: nothing, its one version, or its listed chain. */
  private async earlierVersions (before: UrlEntry | undefined): Promise<Added[] | undefined> {
    if (before == null) return []
    if (before.count === 1) return [{ cid: cidString(before.head), head: before.head, datetime: before.first, seq: 0, url: before.url }]
    const listing = await collectTimeMap(this.source, cidString(before.head))
    if (!listing.report.complete || listing.entries.length !== before.count) return undefined
    return listing.entries.map(m => ({ ...m, head: CID.parse(m.cid), url: before.url }))
  }
}

function addByInstant (map: Map<string, Added[]>, added: Added): void {
  const instant = instantPrefix(added.datetime)
  const list = map.get(instant)
  if (list == null) map.set(instant, [added])
  else list.push(added)
}
