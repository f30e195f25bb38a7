import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { packageRoot } from '../../package-root.ts'
import { SAMPLE } from './start-command.ts'

/** What one capture of the bundled sample must replay as with `id_`, read straight from the WARC. */
export interface SampleCapture {
  type: 'response' | 'revisit' | 'resource'
  uri: string
  /** the WARC-Date as a 14-digit URI-M datetime */
  datetime: string
  status: number
  /** the archived payload: for a revisit, its original's (same WARC-Payload-Digest) */
  payload: Buffer
}

export const SAMPLE_PATH = join(packageRoot(), 'samples', SAMPLE.file)

const CRLF2 = Buffer.from('\r\n\r\n')

function fields (head: Buffer): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of head.toString('latin1').split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    if (colon > 0) out.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return out
}

/**
 * The sample's response, revisit and resource records, found by WARC-Content-Length alone (no code of
 * the project reads them): gunzip reads the file's gzip members end to end.
 */
export function sampleCaptures (): SampleCapture[] {
  const warc = gunzipSync(readFileSync(SAMPLE_PATH))
  const byDigest = new Map<string, Buffer>()
  const out: SampleCapture[] = []
  for (let at = 0; at < warc.byteLength;) {
    const headEnd = warc.indexOf(CRLF2, at)
    const headers = fields(warc.subarray(at, headEnd))
    const block = warc.subarray(headEnd + 4, headEnd + 4 + Number(headers.get('content-length')))
    at = headEnd + 4 + block.byteLength + 4
    const type = headers.get('warc-type')
    if (type !== 'response' && type !== 'revisit' && type !== 'resource') continue
    const uri = (headers.get('warc-target-uri') ?? '').replace(/^<(.*)>$/, '$1')
    const datetime = (headers.get('warc-date') ?? '').replace(/\D/g, '')
    const digest = headers.get('warc-payload-digest') ?? ''
    let payload: Buffer = block
    let status = 200
    if (type !== 'resource') {
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(block.toString('latin1', 0, 20))?.[1])
      payload = type === 'revisit' ? byDigest.get(digest) ?? Buffer.alloc(0) : block.subarray(block.indexOf(CRLF2) + 4)
    }
    if (type === 'response') byDigest.set(digest, payload)
    out.push({ type, uri, datetime, status, payload })
  }
  return out
}
