import type { CID } from 'multiformats/cid'
import { ingestBytes, ingestFixtures } from '../archive/archive-test-support.ts'
import { MemoryBlockStore, type BlockGetter } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { statusForError } from '../routing/error-status.ts'
import { ReplayHandler } from './replay-handler.ts'

export const ORIGIN = 'http://node.test'

/** What a handler answers for a path on ORIGIN, as an edge does: a thrown error becomes its status. */
export function handlerFetch (handler: { handle: (request: Request, url: URL) => Promise<Response> }): (path: string, init?: RequestInit) => Promise<Response> {
  return async (path, init) => {
      const request = new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init })
      try {
        return await handler.handle(request, new URL(request.url))
      } catch (err) {
        return new Response(String(err), { status: statusForError(err) })
      }
  }
}

/** A WARC response record around an HTTP head and body, byte for byte. */
export function responseRecord (url: string, date: string, head: string, body: Uint8Array | string = ''): Uint8Array {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const http = Buffer.from(`${head}\r\n\r\n`, 'latin1')
  const block = Buffer.concat([http, bytes])
  return Buffer.concat([
    Buffer.from(`WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${block.length}\r\n\r\n`),
    block, Buffer.from('\r\n\r\n')
  ])
}

/** A request record (method, URL, headers, body) as a crawler writes it before its response. */
export function requestRecord (url: string, date: string, method: string, headers: string[], body: string): Uint8Array {
  const u = new URL(url)
  const http = Buffer.from(`${method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\n${headers.map(h => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  return Buffer.concat([
    Buffer.from(`WARC/1.0\r\nWARC-Type: request\r\nWARC-Target-URI: ${url}\r\nWARC-Date: ${date}\r\nContent-Type: application/http; msgtype=request\r\nContent-Length: ${http.length}\r\n\r\n`),
    http, Buffer.from('\r\n\r\n')
  ])
}

export interface TestArchive {
  fetch: (path: string, init?: RequestInit) => Promise<Response>
  store: MemoryBlockStore
  rootCid: CID
}

/**
 * A replay handler over an in-memory archive of fixtures or WARC bytes, answering like an edge does
 * (thrown errors become statuses). `blocks` wraps the store, e.g. to count what a request fetches.
 */
export async function testArchive (warcs: string[] | Uint8Array, options: { decodeContent?: boolean, blocks?: (store: MemoryBlockStore) => BlockGetter } = {}): Promise<TestArchive> {
  const store = new MemoryBlockStore()
  const { rootCid } = Array.isArray(warcs) ? await ingestFixtures(store, warcs) : await ingestBytes(store, warcs)
  const handler = new ReplayHandler({
    blocks: options.blocks?.(store) ?? store,
    locator: { async locate (name) { if (name !== 'a') throw new NotFoundError(`no archive ${name}`); return rootCid } },
    decodeContent: options.decodeContent
  })
  return { store, rootCid, fetch: handlerFetch(handler) }
}

/** A block getter that counts the blocks fetched through it. */
export function countingBlocks (inner: BlockGetter): BlockGetter & { count: number } {
  const counter = {
    count: 0,
    async get (cid: CID, options?: { signal?: AbortSignal }) {
      counter.count++
      return inner.get(cid, options)
    }
  }
  return counter
}
