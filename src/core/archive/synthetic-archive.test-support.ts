import type { BlockStore } from '../blocks.ts'
import { fixtureCid } from '../url-map/url-map-fixtures.ts'
import { UrlMap, type UrlEntry } from '../url-map/url-map.ts'
import { writeArchiveRoot, type ArchiveRoot, type Manifest } from './archive-root.ts'

const PAGES_PER_HOST = 1000
const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** The i-th page of a synthetic archive: hosts of 1000 pages, zero-padded so that key order is index order. */
export function syntheticPage (i: number): { key: string, entry: UrlEntry } {
  const host = `host${pad(Math.floor(i / PAGES_PER_HOST), 4)}`
  const page = pad(i % PAGES_PER_HOST, 4)
  const day = pad(1 + (i % 28), 2)
  const entry: UrlEntry = {
    url: `http://${host}.example.com/page/${page}`,
    head: fixtureCid(i),
    title: `Synthetic page ${i}`,
    first: `2010-01-${day}T00:00:00Z`,
    last: `2020-06-${day}T12:00:00Z`,
    count: 1 + (i % 5)
  }
  return { key: `com,example,${host})/page/${page}`, entry }
}

/**
 * An archive root whose URL map lists `n` synthetic pages, built in one streaming pass (no WARC, no
 * IPAROs: the heads are never-fetched stand-in links). What page lists at scale are tested and measured on.
 */
export async function writeSyntheticArchive (store: BlockStore, manifest: Manifest, n: number): Promise<{ rootCid: Awaited<ReturnType<typeof writeArchiveRoot>>, root: ArchiveRoot }> {
  const map = await UrlMap.fromSorted(store, (function * () {
    for (let i = 0; i < n; i++) { const { key, entry } = syntheticPage(i); yield [key, entry] as const }
  })())
  let mementos = 0
  for (let i = 0; i < n; i++) mementos += 1 + (i % 5)
  const root: ArchiveRoot = { type: 'iparo-archive', version: 1, manifest, urls: map.root, log: null, counts: { urls: n, mementos } }
  return { rootCid: await writeArchiveRoot(store, root), root }
}
