import { CID } from 'multiformats/cid'
import type { BlockOptions, BlockGetter } from '../blocks.ts'
import { indexOfBytes } from '../bytes.ts'
import { InvalidIparoError, NotFoundError } from '../errors.ts'
import { decodeLatin1, HttpHeaders, parseHttpHead } from '../http/index.ts'
import type { DecodedIparo } from '../iparo/iparo-root.ts'
import { readFileToBytes } from '../iparo/iparo-reader.ts'

/** A memento's HTTP response as archived: status, header fields as captured, and where the payload is. */
export interface ArchivedExchange {
  status: number
  reason: string
  headers: HttpHeaders
  payload?: { cid: CID, length: number }
}

const CRLF2 = new Uint8Array([13, 10, 13, 10])

/** The WARC fields of a head piece (IPAROs write them with CRLF, docs/iparo-format.md). */
function warcContentType (warcHead: string): string | undefined {
  for (const line of warcHead.split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-type') return line.slice(colon + 1).trim()
  }
  return undefined
}

/**
 * Reads the response-head piece of an IPARO (its WARC head, then the HTTP head as captured) and finds the
 * payload piece. A `resource` record has no HTTP head: it replays as a 200 with the WARC Content-Type.
 */
export async function readArchivedExchange (blocks: BlockGetter, iparo: DecodedIparo, options?: BlockOptions): Promise<ArchivedExchange> {
  const { header } = iparo
  const cid = iparo.cid.toString()
  if (header.revisit != null && !header.revisit.resolved) {
    throw new NotFoundError(`the capture of ${header.uri} at ${header.datetime} is a revisit whose original is not in this archive (${cid})`)
  }
  const headPiece = iparo.pieces.find(p => p.role === 'response-head')
  const payloadPiece = iparo.pieces.find(p => p.role === 'payload')
  const payload = payloadPiece != null ? { cid: CID.parse(payloadPiece.cid), length: payloadPiece.length } : undefined
  if (headPiece == null) throw new InvalidIparoError(`${cid} has no response-head piece`)
  const bytes = await readFileToBytes(blocks, CID.parse(headPiece.cid), options)
  const warcEnd = indexOfBytes(bytes, CRLF2)
  if (warcEnd < 0) throw new InvalidIparoError(`${cid}: the response-head piece has no WARC head`)
  if (header.status == null) {
    const type = warcContentType(decodeLatin1(bytes.subarray(0, warcEnd))) ?? header.mime ?? 'application/octet-stream'
    return { status: 200, reason: 'OK', headers: new HttpHeaders([['Content-Type', type]]), payload }
  }
  const http = parseHttpHead(bytes.subarray(warcEnd + 4), 'response', { atEnd: true })
  if (http == null) throw new InvalidIparoError(`${cid}: the header says status ${header.status} but the response-head piece holds no HTTP head`)
  return { status: http.status, reason: http.reason, headers: http.headers, payload }
}
