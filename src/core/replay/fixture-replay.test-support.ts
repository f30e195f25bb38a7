import { chunks, hashers, manifest } from '../archive/archive-test-support.ts'
import { ingestIntoArchive } from '../archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { expectationsOf, judge, tiesOf, uriMPath, type Expectation, type Outcome } from './fixture-expectations.test-support.ts'
import { readPlainRecords } from './fixture-records.test-support.ts'
import { ReplayHandler } from './replay-handler.ts'
import { handlerFetch } from './replay-test-support.ts'

/** A WARC to ingest: a fixture's name (or a label) and its uncompressed bytes. */
export interface WarcSource { name: string, bytes: Uint8Array }

export type Fetch = (path: string, init?: RequestInit) => Promise<Response>

/** The file alone, or its folder's files in one run. */
export type Scope = 'alone' | 'folder'

/** Records that legitimately cannot replay as their payload, with the reason: never skipped silently. */
export interface Exception {
  file: string
  runs: Scope[]
  /** which of the file's expectations it covers */
  select: (e: Expectation) => boolean
  /** how many records it covers in each of those runs: the list stays exact */
  count: number
  reason: string
  /** what replay answers instead, checked (status, and body length when given) */
  serves?: { status: number, bytes?: number }
}

export interface Tally {
  checked: number
  matched: number
  tie: number
  alternative: number
  listed: number
  dechunked: number
  encoded: number
  failures: string[]
}

/**
 * Replay over a fresh in-memory archive of the sources ingested in one run (gunzipped beforehand, as
 * the Node edge does whatever the file's name), answering like an edge (errors become statuses).
 */
export async function fixtureArchive (sources: WarcSource[]): Promise<Fetch> {
  const store = new MemoryBlockStore()
  const { rootCid } = await ingestIntoArchive({
    store,
    from: { manifest },
    sources: sources.map(({ name, bytes }) => ({ name, open: () => chunks(bytes) })),
    hashers,
    now: () => Date.UTC(2026, 0, 1)
  })
  return handlerFetch(new ReplayHandler({ blocks: store, locator: { locate: async () => rootCid } }))
}

/** RFC 1123 of the digits' second, as Memento-Datetime carries it. */
function rfc1123 (digits: string): string {
  const n = (a: number, b: number): number => Number(digits.slice(a, b))
  return new Date(Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14))).toUTCString()
}

function requestInit (e: Expectation): RequestInit | undefined {
  if (e.request == null) return undefined
  const headers = e.request.contentType == null ? undefined : { 'Content-Type': e.request.contentType }
  return { method: e.request.method, body: new Uint8Array(e.request.body), headers }
}

const describeRecord = (e: Expectation): string => `${e.file} #${e.index} ${e.type} ${e.uri} @${e.digits}`

/** A listed record's answer: what its exception says replay serves instead, or a failure. */
async function servesAsListed (fetch: Fetch, e: Expectation, serves: NonNullable<Exception['serves']>): Promise<string[]> {
  const response = await fetch(uriMPath(e), requestInit(e))
  const bytes = (await response.arrayBuffer()).byteLength
  const got = { status: response.status, bytes: serves.bytes == null ? undefined : bytes }
  return got.status === serves.status && got.bytes === serves.bytes
    ? []
    : [`${describeRecord(e)}: listed as serving ${JSON.stringify(serves)}, served ${JSON.stringify(got)}`]
}

/**
 * One record through the real handler: its URI-M at its full-precision datetime with `id_` must answer
 * at that datetime with the payload (or, when its key and instant are shared, one of theirs).
 */
async function checkRecord (fetch: Fetch, e: Expectation, all: Expectation[]): Promise<Outcome | string> {
  const ties = tiesOf(e, all)
  // a record without a known payload may still share its key and instant with one that has one
  if (e.payload == null && ties.length === 0) return `${describeRecord(e)}: ${e.unresolved ?? 'no payload'} (not listed)`
  const response = await fetch(uriMPath(e), requestInit(e))
  const body = new Uint8Array(await response.arrayBuffer())
  const datetime = response.headers.get('memento-datetime')
  // Memento-Datetime has whole seconds; the URI-M the answer names (Content-Location) has every digit
  const served = response.headers.get('content-location')
  const atInstant = datetime === rfc1123(e.digits) && (served == null || served.includes(`/${e.digits}id_/`))
  const outcome = atInstant ? judge(body, e, ties) : 'failed'
  if (outcome !== 'failed') return outcome
  return `${describeRecord(e)}: status ${response.status}, Memento-Datetime ${String(datetime)}, Content-Location ${String(served)}, ` +
    `${body.length} bytes served, ${String(e.payload?.length)} expected${e.unresolved != null ? ` (${e.unresolved})` : ''}`
}

/**
 * Ingests the sources in one run and checks every response, resource and revisit record of them,
 * tallied per file into `report` under `<scope> <file>`. Returns how many records each exception covered.
 */
export async function replayRun (sources: WarcSource[], scope: Scope, exceptions: Exception[], report: Map<string, Tally>): Promise<Map<Exception, number>> {
  const records = (await Promise.all(sources.map(async s => readPlainRecords(s.name, s.bytes)))).flat()
  const expectations = expectationsOf(records)
  const fetch = await fixtureArchive(sources)
  const covered = new Map<Exception, number>()
  for (const e of expectations) {
    const tally = report.get(`${scope} ${e.file}`) ?? newTally()
    report.set(`${scope} ${e.file}`, tally)
    tally.checked++
    const exception = exceptions.find(x => x.file === e.file && x.runs.includes(scope) && x.select(e))
    if (exception != null) {
      tally.listed++
      covered.set(exception, (covered.get(exception) ?? 0) + 1)
      if (exception.serves != null) tally.failures.push(...await servesAsListed(fetch, e, exception.serves))
      continue
    }
    const outcome = await checkRecord(fetch, e, expectations)
    if (outcome === 'matched' || outcome === 'tie' || outcome === 'alternative') {
      tally[outcome]++
      if (e.dechunked) tally.dechunked++
      if (e.contentEncoding != null) tally.encoded++
    } else {
      tally.failures.push(outcome)
    }
  }
  return covered
}

const newTally = (): Tally => ({ checked: 0, matched: 0, tie: 0, alternative: 0, listed: 0, dechunked: 0, encoded: 0, failures: [] })

export function reportRows (report: Map<string, Tally>): string {
  return [...report].map(([name, t]) => `${name.padEnd(60)} checked ${t.checked}, matched ${t.matched}, ties ${t.tie}, ` +
    `other originals ${t.alternative}, listed ${t.listed}, failed ${t.failures.length} (de-chunked ${t.dechunked}, content-encoded ${t.encoded})`).join('\n')
}
