import type { ArchiveReader } from '../archive/archive-reader.ts'
import type { Datetime } from '../datetime.ts'
import { compareDatetime } from '../datetime.ts'
import { filePageRows, type FilePageRow } from '../files/file-page-rows.ts'
import { compareKeys, lowerBound } from '../url-map/key-order.ts'
import type { UrlMap } from '../url-map/url-map.ts'

/** What the page list shows of one URL key, from the URL map, the archive's files, or both. */
export interface PageEntry {
  url: string
  title?: string
  first: Datetime
  last: Datetime
  count: number
  page?: true
  /** the newest capture's type, status and redirect target, when the URL map's entry holds them */
  mime?: string
  status?: number
  location?: string
}

/** The key range a listing covers: `[lo, hi)`, either end open. */
export interface KeyRange { lo?: string, hi?: string }

/**
 * An archive's page list: the URL map's keys and the keys of its whole-file IPAROs, merged in key
 * order; a key in both is one row (counts added, first/last widened, the URL map's URL, title and page
 * mark). Positions count both: the files' keys the URL map lacks (`extra`) are held sorted in memory,
 * so a position is the URL map's rank plus a binary search over `extra` (one map path per step).
 * Built once per archive reader: reading the files' whole indexes is the cost (docs/whole-file-iparos.md,
 * "Page list").
 */
export class MergedPages {
  private constructor (
    private readonly map: UrlMap,
    private readonly fromFiles: ReadonlyMap<string, FilePageRow>,
    private readonly extra: readonly FilePageRow[],
    private readonly extraKeys: readonly string[]
  ) {}

  static async build (reader: ArchiveReader): Promise<MergedPages> {
    const shelf = await reader.files()
    const rows = shelf.files.length === 0 ? [] : await filePageRows(reader.urls.blocks, shelf.files)
    const map = reader.urls
    const extra: FilePageRow[] = []
    // keys are surt(url) in both; map lookups go in key order, so consecutive ones share cached nodes
    for (const row of rows) if (map.count === 0 || !(await map.has(row.key))) extra.push(row)
    return new MergedPages(map, new Map(rows.map(r => [r.key, r])), extra, extra.map(r => r.key))
  }

  /** URLs of the files that the URL map lacks: the rows the files add. */
  get extraCount (): number {
    return this.extra.length
  }

  /** Rows in the range. */
  async count (range: KeyRange): Promise<number> {
    return (await this.rank(range.hi)) - (range.lo == null ? 0 : await this.rank(range.lo))
  }

  /** Rows before `key` (all rows when undefined): the URL map's rank plus the extra keys before it. */
  async rank (key: string | undefined): Promise<number> {
    if (key == null) return this.map.count + this.extra.length
    return (await this.map.rank(key)) + lowerBound(this.extraKeys, key)
  }

  /** `limit` rows from position `position` on (an absolute position, as `rank` gives). */
  async * at (position: number, limit: number, signal?: AbortSignal): AsyncGenerator<[string, PageEntry]> {
    if (limit <= 0) return
    // j: extra keys before `position`, the least j whose merged position (map rank + j) reaches it
    let lo = 0
    let hi = this.extra.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((await this.map.rank(this.extraKeys[mid] as string)) + mid < position) lo = mid + 1
      else hi = mid
    }
    const mapAt = position - lo
    const fromMap = this.map.rangeAt(mapAt, Math.max(0, Math.min(limit, this.map.count - mapAt)), signal)
    yield * this.merge(fromMap, lo, undefined, limit)
  }

  /** Rows with keys in `range` and after `after`, in key order, at most `limit` (lazily: a caller may stop early). */
  async * range (range: KeyRange & { after?: string, limit?: number, signal?: AbortSignal }): AsyncGenerator<[string, PageEntry]> {
    const { lo, hi, after, limit, signal } = range
    const fromMap = this.map.range({ ...(lo != null ? { gte: lo } : {}), ...(hi != null ? { lt: hi } : {}), ...(after != null ? { after } : {}), ...(limit != null ? { limit } : {}), signal })
    const start = after != null && (lo == null || compareKeys(after, lo) >= 0) ? upperBound(this.extraKeys, after) : lowerBound(this.extraKeys, lo ?? '')
    yield * this.merge(fromMap, start, hi, limit ?? Infinity)
  }

  /** The URL map's entries and the extra rows from `from` (below `hi`), in key order, at most `limit`. */
  private async * merge (fromMap: AsyncIterable<[string, PageEntry]>, from: number, hi: string | undefined, limit: number): AsyncGenerator<[string, PageEntry]> {
    let j = from
    let left = limit
    const extraBefore = (key: string | undefined): FilePageRow | undefined => {
      const row = this.extra[j]
      if (row == null || (hi != null && compareKeys(row.key, hi) >= 0)) return undefined
      return key == null || compareKeys(row.key, key) < 0 ? row : undefined
    }
    for await (const [key, entry] of fromMap) {
      for (let row = extraBefore(key); row != null && left > 0; row = extraBefore(key)) { j++; left--; yield [row.key, fileEntry(row)] }
      if (left <= 0) return
      left--
      yield [key, this.widened(key, entry)]
      if (left <= 0) return
    }
    for (let row = extraBefore(undefined); row != null && left > 0; row = extraBefore(undefined)) { j++; left--; yield [row.key, fileEntry(row)] }
  }

  /** A URL map entry with the files' captures of the same key counted in. */
  private widened (key: string, entry: PageEntry): PageEntry {
    const file = this.fromFiles.get(key)
    const out: PageEntry = { url: entry.url, first: entry.first, last: entry.last, count: entry.count }
    if (entry.title !== undefined) out.title = entry.title
    if (entry.page === true) out.page = true
    if (entry.mime !== undefined) out.mime = entry.mime
    if (entry.status !== undefined) out.status = entry.status
    if (entry.location !== undefined) out.location = entry.location
    if (file == null) return out
    out.count += file.count
    if (compareDatetime(file.first, out.first) < 0) out.first = file.first
    if (compareDatetime(file.last, out.last) > 0) out.last = file.last
    return out
  }
}

const fileEntry = (row: FilePageRow): PageEntry => ({ url: row.url, first: row.first, last: row.last, count: row.count })

/** The first index in sorted `keys` whose key is > `key`. */
function upperBound (keys: readonly string[], key: string): number {
  const i = lowerBound(keys, key)
  return keys[i] === key ? i + 1 : i
}

const built = new WeakMap<ArchiveReader, Promise<MergedPages>>()

/** The reader's page list, built once per reader (a failed build, e.g. a block not reachable yet, is retried). */
export async function mergedPages (reader: ArchiveReader): Promise<MergedPages> {
  let pages = built.get(reader)
  if (pages == null) {
    pages = MergedPages.build(reader)
    built.set(reader, pages)
    pages.catch(() => { if (built.get(reader) === pages) built.delete(reader) })
  }
  return pages
}
