import { peerIdFromCID } from '@libp2p/peer-id'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { equals } from 'uint8arrays/equals'
import { IpnsRecordError } from '../../core/errors.ts'
import { canonicalIpnsName, validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { requiredArg } from './kubo-args.ts'
import { KuboArgumentError } from './kubo-errors.ts'
import { kuboStream } from './kubo-stream.ts'
import { bodyChunks } from '../../core/http/body-chunks.ts'
import { multipartBoundary, multipartEvents } from './multipart-parts.ts'

export interface RoutingPutContext {
  registry: ArchiveRegistry
  network?: NetworkNode
  log: (line: string, err?: unknown) => void
}

/** The IPNS spec's limit on a record's size; the body holds one record and a multipart frame. */
const MAX_RECORD_BYTES = 10 * 1024
/** how long the DHT put may take before the answer goes back anyway (it goes on trying meanwhile) */
const DHT_PUT_MS = 30_000
/** go-libp2p's routing.Value query event: what `ipfs routing put` emits once the record is stored */
const VALUE_EVENT = 5

/**
 * `routing/put?arg=/ipns/NAME`: the record (a multipart file) is stored when valid for NAME and newer
 * than the one held; the very record already held is accepted again, as Kubo's offline router does;
 * then it goes into the DHT when the node is online (best effort: a DHT failure is logged, and the
 * record is held and served either way).
 */
export async function routingPut (ctx: RoutingPutContext, request: Request, url: URL): Promise<Response> {
  const key = requiredArg(url, 'key')
  const m = /^\/ipns\/([^/]+)$/.exec(key)
  if (m?.[1] == null) throw new KuboArgumentError(`invalid key ${JSON.stringify(key)}: only /ipns/NAME records are accepted here`)
  const name = canonicalIpnsName(m[1])
  const bytes = await readRecord(request)
  const held = await ctx.registry.ipnsRecord(name)
  if (held == null || !equals(held, bytes)) await ctx.registry.acceptIpnsRecord(name, bytes)
  else await validateArchiveRecord(name, bytes)
  if (ctx.network != null) {
    try {
      await ctx.network.putIpns(name, bytes, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(DHT_PUT_MS)]) })
    } catch (err) {
      ctx.log(`routing/put: the DHT put of ${name} failed (the record is held and served here)`, err)
    }
  }
  return kuboStream([{ Extra: '', ID: peerIdFromCID(CID.parse(name, base36)).toString(), Responses: null, Type: VALUE_EVENT }])
}

/** The first file part of the body: the marshalled record. */
async function readRecord (request: Request): Promise<Uint8Array> {
  const boundary = multipartBoundary(request.headers.get('content-type'))
  const pieces: Uint8Array[] = []
  let parts = 0
  let size = 0
  for await (const event of multipartEvents(bodyChunks(request.body), boundary)) {
    if (event.kind === 'part') { parts++; continue }
    if (parts !== 1) continue
    size += event.bytes.byteLength
    if (size > MAX_RECORD_BYTES) throw new IpnsRecordError(`the record is larger than an IPNS record may be (${MAX_RECORD_BYTES} bytes)`)
    pieces.push(event.bytes)
  }
  if (parts === 0) throw new KuboArgumentError('file argument \'value-file\' is required (send the record as a multipart file)')
  return new Uint8Array(Buffer.concat(pieces))
}
