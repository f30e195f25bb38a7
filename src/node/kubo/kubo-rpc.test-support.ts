import { CarBlockIterator, CarWriter } from '@ipld/car'
import type { CID } from 'multiformats/cid'
import { concat } from 'uint8arrays/concat'

export async function collect (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const c of chunks) parts.push(c)
  return concat(parts)
}

export async function * once (bytes: Uint8Array): AsyncGenerator<Uint8Array> { yield bytes }

/** A copy of `car` with one byte of its `victim`-th block flipped (its CID kept): a damaged or forged CAR. */
export async function alterBlock (car: Uint8Array, victim: number): Promise<{ car: Uint8Array, cid: CID, cids: CID[] }> {
  const iterator = await CarBlockIterator.fromIterable(once(car))
  const { writer, out } = CarWriter.create(await iterator.getRoots())
  const written = collect(out)
  const cids: CID[] = []
  let altered: CID | undefined
  for await (const block of iterator) {
    let bytes = block.bytes
    if (cids.length === victim) {
      bytes = bytes.slice()
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff
      altered = block.cid
    }
    cids.push(block.cid)
    await writer.put({ cid: block.cid, bytes })
  }
  await writer.close()
  if (altered == null) throw new Error('no such block')
  return { car: await written, cid: altered, cids }
}

/** The CIDs of a CAR's blocks, in order. */
export async function carCids (car: Uint8Array): Promise<CID[]> {
  const out: CID[] = []
  for await (const block of await CarBlockIterator.fromIterable(once(car))) out.push(block.cid)
  return out
}

/** A Kubo RPC call as kubo-rpc-client frames it: POST, files as multipart/form-data parts. */
export function kuboRequest (url: string, options: { token?: string, files?: Uint8Array[], method?: string } = {}): Request {
  const headers: Record<string, string> = {}
  if (options.token != null) headers.authorization = `Bearer ${options.token}`
  let body: Uint8Array | undefined
  if (options.files != null) {
    const boundary = '-----------------------------iparoTestBoundary'
    const enc = new TextEncoder()
    const pieces: Uint8Array[] = []
    options.files.forEach((content, i) => {
      if (i > 0) pieces.push(enc.encode('\r\n'))
      pieces.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="file${i > 0 ? `-${i}` : ''}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n`), content)
    })
    pieces.push(enc.encode(`\r\n--${boundary}--\r\n`))
    body = concat(pieces)
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`
  }
  return new Request(url, { method: options.method ?? 'POST', headers, body: body as Uint8Array<ArrayBuffer> | undefined })
}
