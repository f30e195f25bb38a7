import { CID } from 'multiformats/cid'
import { indexOfBytes } from '../bytes.ts'
import { CRLF2 } from '../iparo/header-record.ts'
import type { BlockStore } from '../blocks.ts'
import { ChainAppender, defaultPolicy, type LinkingPolicy, type MementoRef } from '../chain/index.ts'
import { compareDatetime, type Datetime } from '../datetime.ts'
import { normalizeDigest } from '../iparo/digests.ts'
import { readFileToBytes } from '../iparo/iparo-reader.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import type { Capture } from '../ingest/capture.ts'
import type { AppendResult, MementoWriter, OriginalRef } from '../ingest/ingest-run.ts'
import type { PageMark } from '../formats/wacz/wacz-pages.ts'
import type { BuiltIparo } from '../iparo/iparo-root.ts'
import type { ChainPlace } from '../ingest/build-memento.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { keySchemeOf, rootExtras, writeArchiveRoot, type ArchiveRoot, type Manifest, type RootExtras } from './archive-root.ts'
import { BatchLogWriter } from './batch-log-writer.ts'
import { nextEntry, sameCapture } from './capture-entry.ts'
import { KEY_SCHEME, keyCandidates, surt } from '../surt.ts'
import { cidString } from '../iparo/cid-string.ts'
import { IparoHeaderSource } from './iparo-header-source.ts'
import { RunVersions } from './run-versions.ts'
import { setBounded } from '../bounded-map.ts'

/** How far back a revisit's original is looked for in earlier runs (header reads per revisit). */
const ORIGINAL_SEARCH_BUDGET = 64
/**
 * Chain appenders kept in memory (least recently used evicted). An evicted URL's appender is rebuilt from
 * its current head, so this bounds memory on crawls of millions of URLs without changing any link.
 */
const APPENDERS_KEPT = 2_000
/**
 * URL entries a run keeps in memory before it writes them into the URL map (and drops them): what keeps
 * a run's memory flat whatever its size. Each write rewrites the URL-map nodes the entries fall in, so
 * fewer, larger writes leave less superseded nodes behind (docs/url-map.md, "Long runs").
 */
export const ENTRIES_KEPT = 5_000


/**
 * Appends an ingest run to an archive: per URL, captures in datetime order go onto the version chain
 * through the linking policy; the URL map, the ingest log and a new root are written at `commit`.
 * Works from the archive alone across runs; within a run it keeps appenders and touched entries.
 */
export class ArchiveWriter implements MementoWriter {
  private readonly source: IparoHeaderSource
  private readonly entries = new Map<string, UrlEntry | undefined>()
  private readonly appenders = new Map<string, ChainAppender>()
  /** every object the run created, listed in its ingest batch as it goes */
  private readonly log: BatchLogWriter
  private versions: RunVersions
  private mementos: number

  private constructor (
    private readonly store: BlockStore,
    private urlMap: UrlMap,
    private readonly base: { manifest: Manifest, log: CID | null, mementos: number, extras?: RootExtras },
    private readonly policy: LinkingPolicy,
    source: IparoHeaderSource,
    private readonly entriesKept = ENTRIES_KEPT
  ) {
    this.source = source
    this.log = new BatchLogWriter(store)
    this.versions = new RunVersions(store, source)
    this.mementos = base.mementos
  }

  /**
   * Starts from an existing root, or from nothing with a manifest for a new archive. `source` reads the
   * chains' headers (and learns those this writer commits).
   */
  static async open (store: BlockStore, from: { root: ArchiveRoot } | { manifest: Manifest }, policy: LinkingPolicy = defaultPolicy, source = new IparoHeaderSource(store, 2_000, 2 * APPENDERS_KEPT), entriesKept = ENTRIES_KEPT): Promise<ArchiveWriter> {
    if ('root' in from) {
      const map = await UrlMap.load(store, from.root.urls)
      return new ArchiveWriter(store, map, { manifest: from.root.manifest, log: from.root.log, mementos: from.root.counts.mementos, extras: rootExtras(from.root) }, policy, source, entriesKept)
    }
    // a new archive records the key scheme it is written with (docs/url-map.md, "Keys")
    const manifest = { ...from.manifest, formats: { ...from.manifest.formats, keys: KEY_SCHEME } }
    return new ArchiveWriter(store, await UrlMap.empty(store), { manifest, log: null, mementos: 0 }, policy, source, entriesKept)
  }

  /** Header reads made so far (for reports). */
  get fetches (): number {
    return this.source.fetches
  }

  private async entry (key: string): Promise<UrlEntry | undefined> {
    if (!this.entries.has(key)) {
      const before = await this.urlMap.get(key)
      this.entries.set(key, before)
      this.versions.begin(key, before)
    }
    return this.entries.get(key)
  }

  /**
   * The URL-map key a capture goes under: its own, or — in an archive of key scheme 1, where the URL has
   * no entry under its own key yet — the scheme-1 key it was archived under, so its versions stay on one
   * chain that readers find (they try both keys in such archives).
   */
  private async mapKey (key: string, uri: string): Promise<string> {
    const [, legacy] = keyCandidates(key, uri, keySchemeOf(this.base))
    if (legacy == null || await this.entry(key) != null) return key
    return await this.entry(legacy) != null ? legacy : key
  }

  private async appender (key: string, entry: UrlEntry | undefined): Promise<ChainAppender> {
    let appender = this.appenders.get(key)
    if (appender != null) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.appenders.delete(key)
    } else {
      const head = entry == null ? undefined : await this.source.header(cidString(entry.head))
      appender = new ChainAppender(this.source, head, this.policy)
    }
    setBounded(this.appenders, APPENDERS_KEPT, key, appender)
    return appender
  }

  async append (captures: Capture[], build: (capture: Capture, place: ChainPlace) => Promise<BuiltIparo>): Promise<AppendResult> {
    const byKey = new Map<string, Capture[]>()
    for (const c of captures) {
      const key = await this.mapKey(c.key, c.uri)
      const list = byKey.get(key)
      if (list == null) byKey.set(key, [c])
      else list.push(c)
    }
    const result: AppendResult = { created: [], duplicates: 0 }
    for (const [key, list] of byKey) {
      // Within a run each URL's captures go on in datetime order; stable for equal instants.
      list.sort((a, b) => compareDatetime(a.datetime, b.datetime))
      let entry = await this.entry(key)
      const appender = await this.appender(key, entry)
      for (const capture of list) {
        const atInstant = entry == null ? [] : await this.versions.atInstant(key, capture.datetime)
        if (await this.isArchived(atInstant, capture)) {
          result.duplicates++
          continue
        }
        // a URL with a version before this one has (or gets at commit) a version index
        const draft = await appender.prepare(capture.datetime, { sameInstant: atInstant[0] ?? null, indexed: entry != null })
        for (const block of draft.extraBlocks) {
          await this.store.put(block.cid, block.bytes)
          await this.log.add(block.cid)
        }
        const built = await build(capture, { seq: draft.seq, links: draft.links, chain: draft.chain })
        const cid = cidString(built.cid)
        this.source.learn(appender.commit(cid))
        this.versions.add(key, { cid, datetime: capture.datetime, seq: draft.seq, url: capture.uri })
        await this.log.add(built.cid)
        this.mementos++
        result.created.push({ cid, capture })
        entry = nextEntry(entry, capture, built.cid)
        this.entries.set(key, entry)
      }
    }
    if (this.entries.size >= this.entriesKept) await this.writeEntries()
    return result
  }

  /**
   * The same record with the same bytes at the same instant is already in the chain (idempotent ingest).
   * Every version at the instant is looked at: from the last appended there, back along see-also links
   * (each names the one appended at that instant before it). Starting from `closest` found only the
   * first appended, since it wins the instant's ties, and re-ingesting a later one appended it again.
   */
  private async isArchived (atInstant: MementoRef[], capture: Capture): Promise<boolean> {
    const queue: MementoRef[] = [...atInstant]
    const seen = new Set<string>()
    while (queue.length > 0 && seen.size < 32) {
      const ref = queue.shift()
      if (ref == null || seen.has(ref.cid) || compareDatetime(ref.datetime, capture.datetime) !== 0) continue
      seen.add(ref.cid)
      const iparo = await this.source.iparo(ref.cid)
      if (await sameCapture(iparo, capture)) return true
      for (const link of iparo.header.links) if (link.role === 'see-also') queue.push(link)
    }
    return false
  }

  async findOriginal (query: { key: string, uri?: string, digests: string[], recordId?: string }): Promise<OriginalRef | undefined> {
    const entry = await this.entry(query.uri != null ? await this.mapKey(query.key, query.uri) : query.key)
    if (entry == null) return undefined
    const wanted = new Set(query.digests.map(normalizeDigest))
    let reads = 0
    // Newest first along the chain's links: originals are usually recent.
    const queue: string[] = [entry.head.toString()]
    const seen = new Set<string>()
    while (queue.length > 0 && reads < ORIGINAL_SEARCH_BUDGET) {
      const cid = queue.shift()
      if (cid == null || seen.has(cid)) continue
      seen.add(cid)
      reads++
      let iparo: DecodedIparo
      try {
        iparo = await this.source.iparo(cid)
      } catch {
        continue
      }
      const h = iparo.header
      const digests = [h.digests.declared, h.digests.computed].filter((d): d is string => d != null).map(normalizeDigest)
      const payload = iparo.pieces.find(p => p.role === 'payload')
      if (payload != null && ((query.recordId != null && h.record.id === query.recordId) || digests.some(d => wanted.has(d)))) {
        return {
          iparo: cid,
          payload: { cid: CID.parse(payload.cid), length: payload.length, tsize: payload.tsize },
          http: await this.httpHead(iparo),
          mime: h.mime,
          title: h.title,
          computed: h.digests.computed
        }
      }
      for (const link of h.links.slice().sort((a, b) => b.seq - a.seq)) queue.push(link.cid)
    }
    return undefined
  }

  private async httpHead (iparo: DecodedIparo): Promise<OriginalRef['http']> {
    const headPiece = iparo.pieces.find(p => p.role === 'response-head')
    if (headPiece == null || iparo.header.status == null) return undefined
    const bytes = await readFileToBytes(this.store, CID.parse(headPiece.cid))
    const warcEnd = indexOfBytes(bytes, CRLF2)
    return warcEnd < 0 ? undefined : { status: iparo.header.status, head: bytes.subarray(warcEnd + CRLF2.byteLength) }
  }

  /**
   * Marks each page's URL entry as a page, with the title the crawl recorded (it wins over the HTML's
   * <title>). Pages whose URL has no memento are returned, unmarked: a page is a kind of entry.
   */
  async markPages (pages: PageMark[]): Promise<PageMark[]> {
    const missing: PageMark[] = []
    for (const page of pages) {
      let key: string
      try {
        key = await this.mapKey(surt(page.url), page.url)
      } catch {
        missing.push(page)
        continue
      }
      const entry = await this.entry(key)
      if (entry == null) missing.push(page)
      else this.entries.set(key, { ...entry, page: true, ...(page.title != null ? { title: page.title } : {}) })
    }
    return missing
  }

  /**
   * Writes the URL entries this run touched (with their new version indexes) into the URL map, then
   * forgets them: a later capture of one of those URLs reads its entry back from the map, where it
   * finds this run's versions as it would an earlier run's.
   */
  private async writeEntries (): Promise<void> {
    const changes: Array<{ key: string, update: () => UrlEntry }> = []
    for (const [key, entry] of this.entries) {
      if (entry == null) continue
      const versions = await this.versions.finish(key, entry)
      const value = versions == null || entry.versions?.equals(versions) === true ? entry : { ...entry, versions }
      changes.push({ key, update: () => value })
    }
    this.urlMap = await this.urlMap.at(await this.urlMap.bulkUpdate(changes))
    this.entries.clear()
    this.versions = new RunVersions(this.store, this.source)
  }

  /** Writes the URL map changes, the ingest batch and the new root. */
  async commit (sources: string[], created: Datetime): Promise<{ cid: CID, root: ArchiveRoot }> {
    await this.writeEntries()
    let log = this.base.log
    if (this.log.count > 0) log = await this.log.finish({ prev: log, created, sources, mementos: this.log.count })
    const root: ArchiveRoot = {
      type: 'iparo-archive',
      version: 1,
      manifest: this.base.manifest,
      urls: this.urlMap.root,
      log,
      counts: { urls: this.urlMap.count, mementos: this.mementos },
      // what other writers added to the root (annotations, whole-file IPAROs) is carried over as it was
      ...this.base.extras
    }
    return { cid: await writeArchiveRoot(this.store, root), root }
  }
}
