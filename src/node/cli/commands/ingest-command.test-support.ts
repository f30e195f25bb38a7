import { chmodSync, closeSync, copyFileSync, openSync, writeSync } from 'node:fs'
import { fixtureStream, fixtureUrl, header, readAll, records } from '../../../core/warc/fixtures.test-support.ts'
import { openEmbeddedStore } from '../../embedded-store.ts'
import { startLocalNode } from '../../serve/local-node.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'

/** The `--json` summary of an ingest, the parts these tests read. */
export interface IngestJson {
  archive: string
  root: string | null
  ipns: string | null
  published: boolean
  exitCode: number
  records: number
  mementos: number
  errors: Array<{ file: string, offset: number, code: string, message: string }>
  warnings: Array<{ file: string, offset: number, code: string, message: string }>
  revisits: { resolved: number, unresolved: number, unresolvedList: Array<{ uri: string, datetime: string }> }
  wacz?: Array<{ file: string, pages: number, signature: string, signer?: string }>
}

/** `iparo ingest FILES --json --data DIR [--archive NAME]` in this process: its exit code, summary and stderr. */
export async function ingestJson (data: string, files: string[], archive?: string): Promise<{ code: number, summary: IngestJson, err: string }> {
  const run = await runCliCaptured(['ingest', ...files, '--data', data, '--json', ...(archive != null ? ['--archive', archive] : [])])
  return { code: run.code, summary: JSON.parse(run.out) as IngestJson, err: run.err }
}

/** A copy of a fixture (writable) with `bytes` written over it at `at`: damage the fixture itself never takes. */
export function damagedCopy (fixture: string, path: string, at: number, bytes: Uint8Array): string {
  copyFileSync(fixtureUrl(fixture), path)
  chmodSync(path, 0o644)
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, bytes, 0, bytes.length, at)
  } finally {
    closeSync(fd)
  }
  return path
}

/** Bytes that look random but are the same every run (a linear congruential generator). */
export function noiseBytes (length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed >>> 0
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** The payload (what follows the HTTP head) of the response record for `uri` at `date` in a fixture, read by the WARC reader. */
export async function fixturePayload (fixture: string, uri: string, date: string): Promise<Buffer> {
  for (const r of records(await readAll(fixtureStream(fixture)))) {
    if (header(r, 'WARC-Type') !== 'response' || header(r, 'WARC-Target-URI') !== uri || header(r, 'WARC-Date') !== date) continue
    const content = Buffer.from(r.content)
    return content.subarray(content.indexOf('\r\n\r\n') + 4)
  }
  throw new Error(`no response for ${uri} at ${date} in ${fixture}`)
}

/** What `iparo serve` answers for `path` over HTTP, on the data folder as an ingest left it. */
export async function served (data: string, paths: string[]): Promise<Array<{ status: number, body: Buffer }>> {
  const store = await openEmbeddedStore(data)
  const node = await startLocalNode({ store })
  try {
    const out = []
    for (const path of paths) {
      const r = await fetch(`http://127.0.0.1:${node.port}${path}`, { redirect: 'manual' })
      out.push({ status: r.status, body: Buffer.from(await r.arrayBuffer()) })
    }
    return out
  } finally {
    await node.close()
    await store.close()
  }
}
