import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { parseWarcDate, type Datetime } from '../../src/core/datetime.ts'
import { readWarcRecords } from '../../src/core/warc/index.ts'

export const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url)

/**
 * The fixture WARCs mutated by the fuzzer: every small one (≤ 70 kB decompressed), so that 10,000
 * cases take minutes. The large crawls (sample-1, the 2008 blackbook, iana) are left to bench:ingest.
 */
export const FUZZ_FIXTURES = [
  'ipwb/1memento.warc', 'ipwb/1memento_noContentType.warc', 'ipwb/2mementos.warc', 'ipwb/2mementos_htmlXhtml.warc',
  'ipwb/2mementos_queryString.warc', 'ipwb/3mementos.warc', 'ipwb/5mementosAndFroggie.warc', 'ipwb/HTTP204.warc',
  'ipwb/HTTP404.warc', 'ipwb/broken.warc', 'ipwb/redirect.warc', 'ipwb/redirectRelative.warc', 'ipwb/slash.warc',
  'ipwb/variableSizedDates.warc', 'ipwb/salam-home.warc', 'ipwb/baconIpsum.warc.gz', 'ipwb/frogTest.warc',
  'pywb/example.warc', 'pywb/example.warc.gz', 'pywb/example-extra.warc', 'pywb/example2.warc.gz', 'pywb/dupes.warc.gz',
  'pywb/post-test.warc.gz', 'pywb/missing-status-text.warc', 'pywb/httpbin-resource.warc.gz', 'pywb/example-wpull.warc.gz',
  'pywb/example-url-agnostic-orig.warc.gz', 'pywb/example-url-agnostic-revisit.warc.gz',
  'real/warcat__at.warc.gz', 'real/outbackcdx__test1.warc.gz', 'real/warcio__example-iana.org-chunked.warc'
]

/** One record of an intact fixture that becomes a memento: where it lies and what it is. */
export interface IntactRecord {
  offset: number
  /** just past its content: a record is intact when the damage starts after this (plus a separator) */
  end: number
  uri: string
  datetime: Datetime
}

export interface Fixture {
  name: string
  /** decompressed bytes */
  bytes: Uint8Array
  /** record starts (every record), for mutations that aim at one */
  starts: number[]
  mementos: IntactRecord[]
}

const MEMENTO_TYPES = new Set(['response', 'resource', 'revisit'])

/** Reads a fixture and indexes its records with the project's own reader (the intact file reads cleanly). */
export async function loadFixture (name: string): Promise<Fixture> {
  const raw = readFileSync(new URL(name, FIXTURES))
  const bytes = new Uint8Array(name.endsWith('.gz') ? gunzipSync(raw) : raw)
  const starts: number[] = []
  const mementos: IntactRecord[] = []
  for await (const event of readWarcRecords((async function * () { yield bytes })())) {
    if (event.kind === 'problem') continue
    starts.push(event.offset)
    for await (const _ of event.body) { /* read to its end */ }
    const end = await event.end
    const type = (event.headers.get('WARC-Type') ?? '').toLowerCase()
    const uri = (event.headers.get('WARC-Target-URI') ?? '').trim().replace(/^<(.*)>$/, '$1')
    if (!MEMENTO_TYPES.has(type) || uri === '' || /^(dns|whois):/i.test(uri) || !end.ok) continue
    let datetime: Datetime
    try { datetime = parseWarcDate(event.headers.get('WARC-Date') ?? '') } catch { continue }
    mementos.push({ offset: event.offset, end: event.offset + event.headerLength + end.length, uri, datetime })
  }
  return { name, bytes, starts, mementos }
}

export async function loadFixtures (names: readonly string[] = FUZZ_FIXTURES): Promise<Fixture[]> {
  return Promise.all(names.map(loadFixture))
}
