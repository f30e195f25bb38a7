/**
 * Builds the ingest benchmark's input from the fixture crawls (2008 Internet Archive, Archive-It 2013,
 * pywb's iana.org), so its record-size mix is that of real crawls:
 *   - unique part: each replica moves every URL to a new host/path and date, and changes the last bytes
 *     of each payload so that content is new (real crawls rarely repeat bytes across sites);
 *   - repeat part: the unique part's URLs captured again later, same payloads, new Date headers
 *     (what a re-crawl looks like: headers change, bodies mostly do not).
 * Records are gzipped one by one, as crawlers write them.
 */
import { createWriteStream, readFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { readWarcRecords } from '../../src/core/warc/index.ts'
import { decodeLatin1, encodeLatin1, parseHttpHead } from '../../src/core/http/index.ts'
import { WarcHeaders } from '../../src/core/warc/index.ts'
import { concat } from 'uint8arrays/concat'

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url)
const CRAWLS = ['ipwb/IAH-20080430204825-00000-blackbook.warc.gz', 'ipwb/sample-1.warc.gz', 'pywb/iana.warc.gz']

interface SourceRecord { version: string, headers: Array<[string, string]>, content: Uint8Array }

async function readCrawl (name: string): Promise<SourceRecord[]> {
  const bytes = new Uint8Array(gunzipSync(readFileSync(new URL(name, FIXTURES))))
  const out: SourceRecord[] = []
  for await (const event of readWarcRecords((async function * () { yield bytes })())) {
    if (event.kind !== 'record' || event.content == null) continue
    out.push({ version: event.version, headers: [...event.headers.entries()], content: event.content.slice() })
  }
  return out
}

const enc = new TextEncoder()
const CRLF2 = enc.encode('\r\n\r\n')

function warcRecord (version: string, headers: Array<[string, string]>, content: Uint8Array): Uint8Array {
  return concat([new WarcHeaders(headers).toBytes(version), content, CRLF2])
}

function shiftDate (warcDate: string, days: number, seconds: number): string {
  const compact = /^\d{14}$/.test(warcDate)
  const iso = compact ? `${warcDate.slice(0, 4)}-${warcDate.slice(4, 6)}-${warcDate.slice(6, 8)}T${warcDate.slice(8, 10)}:${warcDate.slice(10, 12)}:${warcDate.slice(12, 14)}Z` : warcDate
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return warcDate
  return new Date(t + days * 86_400_000 + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function moveUri (uri: string, replica: number): string {
  return uri.replace(/^(https?:\/\/)([^/]+)/i, (_, scheme: string, host: string) => `${scheme}r${replica}.${host}`).replace(/^dns:/, `dns:r${replica}.`)
}

/** Changes the payload's last bytes (unique content) and/or the HTTP Date header (a re-capture). */
function mutate (record: SourceRecord, replica: number, uniquePayload: boolean): Uint8Array {
  const type = record.headers.find(([k]) => k.toLowerCase() === 'warc-type')?.[1]?.trim()
  if (type !== 'response') return record.content
  const head = parseHttpHead(record.content, 'response', { atEnd: true })
  if (head == null) return record.content
  let headText = decodeLatin1(record.content.subarray(0, head.headLength))
  headText = headText.replace(/^(Date: )(.*)$/mi, (_, name: string, value: string) => {
    const t = Date.parse(value)
    return Number.isNaN(t) ? `${name}${value}` : `${name}${new Date(t + replica * 86_400_000).toUTCString()}`
  })
  const payload = record.content.slice(head.headLength)
  if (uniquePayload && payload.length >= 8) payload.set(enc.encode(replica.toString(16).padStart(8, '0')), payload.length - 8)
  return concat([encodeLatin1(headText), payload])
}

function rewrite (record: SourceRecord, replica: number, uniquePayload: boolean, days: number, idSalt = replica): Uint8Array {
  const content = mutate(record, replica, uniquePayload)
  const headers = record.headers.map(([k, v]): [string, string] => {
    switch (k.toLowerCase()) {
      case 'warc-target-uri': return [k, moveUri(v.trim().replace(/^<(.*)>$/, '$1'), replica)]
      case 'warc-refers-to-target-uri': return [k, moveUri(v.trim(), replica)]
      case 'warc-date': return [k, shiftDate(v.trim(), days, replica)]
      case 'warc-record-id':
      case 'warc-concurrent-to':
      case 'warc-refers-to': return [k, v.replace(/[0-9a-f]{8}(?=[^0-9a-f]|$)/i, (m) => (parseInt(m, 16) ^ (idSalt * 2654435761 >>> 0)).toString(16).padStart(8, '0'))]
      case 'content-length': return [k, String(content.length)]
      case 'warc-block-digest': return [k, 'sha1:DROPPEDBYBENCHMARKGENERATOR00000']
      default: return [k, v]
    }
  }).filter(([k]) => k.toLowerCase() !== 'warc-block-digest')
  return warcRecord(record.version, headers, content)
}

export interface GeneratedWarcs {
  unique: { path: string, bytes: number, records: number, uncompressed: number }
  repeat: { path: string, bytes: number, records: number, uncompressed: number }
}

async function write (path: string, records: Iterable<Uint8Array>): Promise<{ path: string, bytes: number, records: number, uncompressed: number }> {
  const out = createWriteStream(path)
  let bytes = 0
  let count = 0
  let uncompressed = 0
  for (const record of records) {
    const gz = gzipSync(record, { level: 6 })
    bytes += gz.length
    uncompressed += record.length
    count++
    if (!out.write(gz)) await new Promise<void>(resolve => out.once('drain', () => { resolve() }))
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => { if (err != null) reject(err); else resolve() }))
  return { path, bytes, records: count, uncompressed }
}

/** Writes `<dir>/unique.warc.gz` (≥ targetMB uncompressed with the repeat part) and `<dir>/repeat.warc.gz`. */
export async function makeBenchWarcs (dir: string, targetMB = 200, repeatShare = 0.25): Promise<GeneratedWarcs> {
  const crawls = (await Promise.all(CRAWLS.map(readCrawl))).flat()
  const setBytes = crawls.reduce((n, r) => n + r.content.length, 0)
  const replicas = Math.max(1, Math.ceil(targetMB * 1e6 * (1 - repeatShare) / setBytes))
  const repeats = Math.max(1, Math.ceil(targetMB * 1e6 * repeatShare / setBytes))
  function * unique (): Generator<Uint8Array> {
    for (let r = 1; r <= replicas; r++) for (const rec of crawls) yield rewrite(rec, r, true, r * 3)
  }
  function * repeat (): Generator<Uint8Array> {
    // the same URLs and payloads as replicas 1…repeats of the unique part, captured 30 days later
    for (let r = 1; r <= repeats; r++) {
      for (const rec of crawls) {
        const content = mutate(rec, r, true)
        const again = mutate({ ...rec, content }, 30, false)
        yield rewrite({ ...rec, content: again }, r, false, r * 3 + 30, r + 100_000)
      }
    }
  }
  return { unique: await write(`${dir}/unique.warc.gz`, unique()), repeat: await write(`${dir}/repeat.warc.gz`, repeat()) }
}
