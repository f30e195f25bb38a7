import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { WARCParser, type WARCRecord } from 'warcio'
import { runCliCaptured } from '../cli/run-cli.test-support.ts'

export const fresh = (): string => mkdtempSync(join(tmpdir(), 'iparo-export-'))
export const iana = new URL('../../../../shared/fixtures/pywb/iana.warc.gz', import.meta.url).pathname

/** `iparo ARGS --data DATA` in this process. */
export async function iparo (data: string, ...args: string[]): Promise<{ code: number, out: string, err: string }> {
  return runCliCaptured([...args, '--data', data])
}

/** Ingests files into an archive; returns the sorted CIDs of the IPAROs it made. */
export async function ingestCids (data: string, archive: string, ...files: string[]): Promise<string[]> {
  const run = await iparo(data, 'ingest', ...files, '--archive', archive, '--json')
  if (run.code !== 0) throw new Error(`ingest failed (${run.code}): ${run.err}`)
  const summary = JSON.parse(run.out) as { iparos: Array<{ cid: string }>, warnings: Array<{ code: string }> }
  return summary.iparos.map(i => i.cid).sort()
}

/** Every record of a WARC (plain or gzip) as warcio reads it, content read fully. */
export async function warcioRecords (bytes: Uint8Array): Promise<WARCRecord[]> {
  const records: WARCRecord[] = []
  for await (const record of new WARCParser([bytes])) {
    await record.readFully()
    records.push(record)
  }
  return records
}

export interface CdxjEntry {
  key: string
  timestamp: string
  json: Record<string, string>
}

export function parseCdxj (text: string): CdxjEntry[] {
  return text.split('\n').filter(l => l !== '').map(line => {
    const [key = '', timestamp = ''] = line.split(' ', 2)
    return { key, timestamp, json: JSON.parse(line.slice(line.indexOf(' {') + 1)) as Record<string, string> }
  })
}

/** The one record at a CDXJ line's offset and length in a per-record-gzip WARC file. */
export async function recordAt (warcFile: string, entry: CdxjEntry): Promise<WARCRecord> {
  const bytes = readFileSync(warcFile)
  const member = bytes.subarray(Number(entry.json.offset), Number(entry.json.offset) + Number(entry.json.length))
  const records = await warcioRecords(new Uint8Array(gunzipSync(member)))
  if (records.length !== 1 || records[0] == null) throw new Error(`${records.length} records at ${entry.json.offset}`)
  return records[0]
}
