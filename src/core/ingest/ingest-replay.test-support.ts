import type { CID } from 'multiformats/cid'
import { ArchiveReader } from '../archive/archive-reader.ts'
import type { ArchiveRoot } from '../archive/archive-root.ts'
import { chunks, hashers, manifest } from '../archive/archive-test-support.ts'
import { ingestIntoArchive, type ArchiveIngestResult } from '../archive/ingest-into-archive.ts'
import { MemoryBlockStore, type BlockGetter } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { ReplayHandler } from '../replay/replay-handler.ts'
import { handlerFetch } from '../replay/replay-test-support.ts'
import { fixtureBytes, header, readAll, records } from '../warc/fixtures.test-support.ts'
import { parseHttpHead } from '../http/index.ts'

export interface WarcFile { name: string, bytes: Uint8Array }

/** One WARC record, its fields in the order given, around a block as written (CRLF line ends). */
export function warcRecord (fields: Array<[string, string]>, block: Uint8Array | string = ''): Uint8Array {
  const content = typeof block === 'string' ? Buffer.from(block, 'latin1') : Buffer.from(block)
  const head = ['WARC/1.0', ...fields.map(([n, v]) => `${n}: ${v}`), `Content-Length: ${content.length}`, '', ''].join('\r\n')
  return Buffer.concat([Buffer.from(head, 'latin1'), content, Buffer.from('\r\n\r\n')])
}

/** An HTTP message head and body as a crawler writes them into a record's block. */
export function httpMessage (lines: string[], body = ''): string {
  return `${lines.join('\r\n')}\r\n\r\n${body}`
}

export const fixtureFile = (name: string): WarcFile => ({ name: name.slice(name.lastIndexOf('/') + 1), bytes: fixtureBytes(name) })

/** Ingest runs one after the other into one store (each run a list of WARCs), as `iparo ingest` would. */
export async function ingestRuns (runs: WarcFile[][]): Promise<{ store: MemoryBlockStore, rootCid: CID, results: ArchiveIngestResult[] }> {
  const store = new MemoryBlockStore()
  let root: ArchiveRoot | undefined
  const results: ArchiveIngestResult[] = []
  for (const files of runs) {
    const result = await ingestIntoArchive({
      store,
      from: root != null ? { root } : { manifest },
      sources: files.map(f => ({ name: f.name, open: () => chunks(f.bytes) })),
      hashers,
      now: () => Date.UTC(2026, 0, 1)
    })
    root = result.root
    results.push(result)
  }
  const last = results[results.length - 1]
  if (last == null) throw new Error('no run')
  return { store, rootCid: last.rootCid, results }
}

/** What `iparo serve` answers for a path under archive `a` (thrown errors become their statuses). */
export function replayFetch (blocks: BlockGetter, rootCid: CID): (path: string, init?: RequestInit) => Promise<Response> {
  return handlerFetch(new ReplayHandler({
    blocks,
    locator: { async locate (name) { if (name !== 'a') throw new NotFoundError(`no archive ${name}`); return rootCid } }
  }))
}

/**
 * Every capture the archive holds, by URL-map key (GET keys and request keys alike), each chain walked
 * as a TimeMap: `URL method datetime status`, in key then time order.
 */
export async function archiveListing (store: MemoryBlockStore, rootCid: CID): Promise<string[]> {
  const reader = await ArchiveReader.open(store, rootCid)
  const out: string[] = []
  for await (const [, entry] of reader.urls.range()) {
    for (const m of (await reader.timemap(entry)).mementos) {
      const h = (await reader.source.iparo(m.cid)).header
      out.push(`${h.uri} ${h.method ?? 'GET'} ${m.datetime} ${h.status ?? '-'}`)
    }
  }
  return out
}

/** The payload (what follows the HTTP head) of a fixture's response record for `uri` at `date`. */
export async function fixturePayload (name: string, uri: string, date: string): Promise<Uint8Array> {
  for (const r of records(await readAll(chunks(fixtureBytes(name))))) {
    if (header(r, 'WARC-Type')?.trim() !== 'response' || header(r, 'WARC-Target-URI')?.trim() !== uri || header(r, 'WARC-Date')?.trim() !== date) continue
    const head = parseHttpHead(r.content, 'response', { atEnd: true })
    if (head != null) return r.content.subarray(head.headLength)
  }
  throw new Error(`${name} has no response for ${uri} at ${date}`)
}
