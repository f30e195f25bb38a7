import { CID } from 'multiformats/cid'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { UnixFS } from 'ipfs-unixfs'
import { verifyBlock, type BlockGetter, type BlockStore } from '../../core/blocks.ts'
import { exportCar } from '../../core/car/car-io.ts'
import type { KeySet } from '../../core/car/key-set.ts'
import { BlockNotFoundError, NotFoundError, UnsupportedFormatError } from '../../core/errors.ts'
import { readFileBytes } from '../../core/iparo/iparo-reader.ts'
import { IPARO_HEADER_MEDIA_TYPE } from '../../core/iparo/iparo-header.ts'
import { contentRange, parseRange, unsatisfiedRange } from '../../core/replay/byte-range.ts'
import { readUnixfsRange } from '../../core/replay/read-unixfs-range.ts'
import { toReadableStream } from '../../core/replay/replay-body.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import { requireMethod } from '../../core/routing/require-method.ts'

type Format = 'raw' | 'car' | 'deserialized'

const RAW_TYPE = 'application/vnd.ipld.raw'
const CAR_TYPE = 'application/vnd.ipld.car'
const IMMUTABLE = 'public, max-age=29030400, immutable'
const CODEC_TYPES: Record<number, string> = { 0x71: 'application/vnd.ipld.dag-cbor', 0x0129: 'application/vnd.ipld.dag-json' }

/** `?format=` wins over Accept (the trustless gateway spec); no format means a deserialized response. */
function formatOf (request: Request, url: URL): Format {
  const param = url.searchParams.get('format')
  if (param != null) {
    if (param === 'raw' || param === 'car') return param
    throw new UnsupportedFormatError(`unsupported format ${JSON.stringify(param)} (raw or car)`)
  }
  const accept = request.headers.get('accept') ?? ''
  if (accept.includes(RAW_TYPE)) return 'raw'
  if (accept.includes(CAR_TYPE)) return 'car'
  return 'deserialized'
}

async function getBlock (blocks: BlockGetter, cid: CID): Promise<Uint8Array> {
  // an inlined block is its own CID's digest: every gateway serves it (the app's reachability probe asks for one)
  if (cid.multihash.code === identity.code) return cid.multihash.digest
  try {
    // what this node stores is verified on the way out too: a damaged disk never becomes someone's data
    return await verifyBlock(cid, await blocks.get(cid))
  } catch (err) {
    if (err instanceof BlockNotFoundError) throw new NotFoundError(`block ${cid.toString()} is not held by this node`, { cause: err })
    throw err
  }
}

/**
 * The IPFS trustless gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/) over the
 * embedded store: one verified block (`format=raw`), a DAG as CAR v1 (`format=car`, `dag-scope`
 * all|entity|block), or a UnixFS file deserialized (the IPARO's WARC bytes). Content-addressed, so
 * immutable caching headers and an ETag per representation.
 */
export class GatewayHandler implements RouteHandler {
  readonly name = 'gateway'

  /**
   * `visitedSet` makes the set of blocks a CAR walk has met (one per request; closed when the body ends):
   * a whole archive's DAG is any size, so the node's keeps most keys on disk. Default: in memory.
   */
  constructor (private readonly blocks: BlockGetter & Pick<BlockStore, 'has'>, private readonly visitedSet?: () => Promise<KeySet & { close: () => Promise<void> }>) {}

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname.startsWith('/ipfs/')
  }

  async handle (request: Request, url: URL): Promise<Response> {
    requireMethod(request)
    const [cidText = '', ...path] = url.pathname.slice('/ipfs/'.length).split('/')
    let cid: CID
    try {
      cid = CID.parse(cidText)
    } catch (err) {
      throw new UnsupportedFormatError(`${JSON.stringify(cidText)} is not a CID`, { cause: err })
    }
    if (path.some(p => p !== '')) throw new UnsupportedFormatError('paths inside a DAG are not served; ask for the CID of the file itself')
    const format = formatOf(request, url)
    const etag = `"${cid.toString()}.${format}${format === 'car' ? `.${url.searchParams.get('dag-scope') ?? 'all'}` : ''}"`
    const common = { ETag: etag, 'Cache-Control': IMMUTABLE, 'X-Ipfs-Path': `/ipfs/${cid.toString()}`, 'X-Ipfs-Roots': cid.toString(), 'X-Content-Type-Options': 'nosniff', Vary: 'Accept' }
    if (request.headers.get('if-none-match') === etag && await this.blocks.has(cid)) return new Response(null, { status: 304, headers: common })
    switch (format) {
      case 'raw': {
        const bytes = await getBlock(this.blocks, cid)
        return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { ...common, 'Content-Type': RAW_TYPE, 'Content-Length': String(bytes.byteLength), 'Content-Disposition': `attachment; filename="${cid.toString()}.bin"` } })
      }
      case 'car':
        return this.car(cid, url, common)
      case 'deserialized':
        return this.deserialized(cid, common, request.headers.get('range'), url.searchParams)
    }
  }

  private async car (cid: CID, url: URL, common: Record<string, string>): Promise<Response> {
    const scope = url.searchParams.get('dag-scope') ?? 'all'
    if (!['all', 'entity', 'block'].includes(scope)) throw new UnsupportedFormatError(`unsupported dag-scope ${JSON.stringify(scope)}`)
    // The root is read before the status line: a CID this node lacks is a 404, not an empty CAR.
    await getBlock(this.blocks, cid)
    // `entity` for the files this node serves (IPAROs, payloads) is the whole file, i.e. the whole DAG.
    const blocks = this.blocks
    const open = scope === 'block' ? undefined : this.visitedSet
    const body = open == null
      ? exportCar(blocks, [cid], { scope: scope === 'block' ? 'block' : 'all' })
      : (async function * () {
          const visited = await open()
          try {
            yield * exportCar(blocks, [cid], { scope: 'all', visited })
          } finally {
            await visited.close()
          }
        })()
    return new Response(toReadableStream(body), {
      headers: { ...common, 'Content-Type': `${CAR_TYPE}; version=1; order=dfs; dups=n`, 'Content-Disposition': `attachment; filename="${cid.toString()}.car"` }
    })
  }

  private async deserialized (cid: CID, common: Record<string, string>, rangeHeader: string | null, params: URLSearchParams): Promise<Response> {
    const root = await getBlock(this.blocks, cid)
    const headers: Record<string, string> = { ...common, 'Content-Type': 'application/octet-stream' }
    if (cid.code === raw.code) {
      return ranged(root.byteLength, rangeHeader, headers, (offset, length) => toReadableStream((async function * () { yield root.subarray(offset, offset + length) })()))
    }
    if (cid.code !== dagPb.code) return new Response(root as Uint8Array<ArrayBuffer>, { headers: { ...headers, 'Content-Type': CODEC_TYPES[cid.code] ?? 'application/octet-stream' } })
    const node = dagPb.decode(root)
    const unixfs = node.Data != null ? UnixFS.unmarshal(node.Data) : undefined
    if (unixfs?.type !== 'file') throw new UnsupportedFormatError(`${cid.toString()} is not a UnixFS file (directories are not listed); ask with format=car`)
    // An IPARO is a WARC file: its first bytes are the header record (docs/iparo-format.md).
    const isIparo = unixfs.data != null && new TextDecoder().decode(unixfs.data.subarray(0, 512)).includes(IPARO_HEADER_MEDIA_TYPE)
    if (isIparo) headers['Content-Type'] = 'application/warc'
    const disposition = contentDisposition(params, isIparo ? `${cid.toString()}.warc` : undefined)
    if (disposition != null) headers['Content-Disposition'] = disposition
    // a range reads only the leaves under it (a video scrubbed through the gateway)
    const size = Number(unixfs.fileSize())
    // the whole file through the exporter (parallel reads); a part by the range walker, which reads
    // past a root's own data correctly (the IPARO header)
    return ranged(size, rangeHeader, headers, (offset, length) => toReadableStream(offset === 0 && length === size
      ? readFileBytes(this.blocks, cid)
      : readUnixfsRange(this.blocks, cid, offset, length)))
  }
}

/**
 * The gateway spec's `?filename=` (the name, shown inline) and `?download=true` (saved as a file); a
 * download of an IPARO without a name is `<cid>.warc`. Nothing is sent otherwise (a page reading the
 * file is not told to save it). A name outside printable ASCII also goes as RFC 5987 `filename*`.
 */
function contentDisposition (params: URLSearchParams, downloadName: string | undefined): string | undefined {
  const download = params.get('download') === 'true'
  const name = params.get('filename') ?? (download ? downloadName : undefined)
  if (name == null || name === '') return download ? 'attachment' : undefined
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `${download ? 'attachment' : 'inline'}; filename="${ascii}"${ascii === name ? '' : `; filename*=UTF-8''${encodeURIComponent(name)}`}`
}

/** A whole file (200, Accept-Ranges) or the one byte range asked for (206, or 416 past its end). */
function ranged (size: number, rangeHeader: string | null, headers: Record<string, string>, read: (offset: number, length: number) => ReadableStream<Uint8Array>): Response {
  const wanted = parseRange(rangeHeader, size)
  const common = { ...headers, 'Accept-Ranges': 'bytes' }
  if (wanted.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...common, 'Content-Range': unsatisfiedRange(size) } })
  if (wanted.kind === 'none') return new Response(size === 0 ? null : read(0, size), { headers: { ...common, 'Content-Length': String(size) } })
  const { start, end } = wanted.range
  return new Response(read(start, end - start + 1), {
    status: 206,
    headers: { ...common, 'Content-Length': String(end - start + 1), 'Content-Range': contentRange(wanted.range, size) }
  })
}
