import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { createGunzip, gunzipSync } from 'node:zlib'
import { readWarcRecords } from './read-warc-records.ts'
import type { ReadWarcOptions, WarcEvent, WarcProblem } from './warc-types.ts'

export const FIXTURES = new URL('../../../../shared/fixtures/', import.meta.url)

export function fixtureUrl (name: string): URL {
  return new URL(name, FIXTURES)
}

/** The decompressed bytes of a fixture. */
export function fixtureBytes (name: string): Uint8Array {
  const raw = readFileSync(fixtureUrl(name))
  // by content, as the Node edge reads them: real/py-wacz__example-iana.warc is gzip despite its name
  return new Uint8Array(raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw)
}

/** The fixture as the Node edge feeds it: file stream, gunzipped natively for .gz. */
export function fixtureStream (name: string): AsyncIterable<Uint8Array> {
  const file = createReadStream(fixtureUrl(name))
  return name.endsWith('.gz') ? file.pipe(createGunzip()) : file
}

export async function * chunked (bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

export interface ReadRecord {
  offset: number
  version: string
  headers: Array<[string, string]>
  headerLength: number
  declaredLength: number
  buffered: boolean
  content: Uint8Array
  problems: WarcProblem[]
  ok: boolean
}

export type ReadEvent = ReadRecord | WarcProblem

/** Reads everything, consuming each body, into plain values. */
export async function readAll (source: AsyncIterable<Uint8Array>, options?: ReadWarcOptions): Promise<ReadEvent[]> {
  const out: ReadEvent[] = []
  for await (const ev of readWarcRecords(source, options)) out.push(await settle(ev))
  return out
}

export async function settle (ev: WarcEvent): Promise<ReadEvent> {
  if (ev.kind === 'problem') return ev
  const pieces: Uint8Array[] = []
  for await (const p of ev.body) pieces.push(p)
  const end = await ev.end
  const content = join(pieces)
  return {
    offset: ev.offset,
    version: ev.version,
    headers: [...ev.headers.entries()],
    headerLength: ev.headerLength,
    declaredLength: ev.declaredLength,
    buffered: ev.content != null,
    content,
    problems: end.problems,
    ok: end.ok
  }
}

export function records (events: ReadEvent[]): ReadRecord[] {
  return events.filter((e): e is ReadRecord => !('kind' in e))
}

export function problems (events: ReadEvent[]): WarcProblem[] {
  return events.filter((e): e is WarcProblem => 'kind' in e)
}

export function header (r: ReadRecord, name: string): string | undefined {
  return r.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
}

export function join (pieces: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of pieces) { out.set(p, at); at += p.length }
  return out
}

const latin1 = new TextDecoder('latin1')
export const text = (b: Uint8Array): string => latin1.decode(b)
export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

/** Events with each content replaced by its SHA-256, for fast deep comparisons. */
export function comparable (events: ReadEvent[]): unknown[] {
  return events.map((e) => 'kind' in e
    ? e
    : { ...e, buffered: undefined, content: createHash('sha256').update(e.content).digest('hex') })
}

export function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
}
