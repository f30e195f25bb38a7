import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { MemoryBlockStore } from '../../core/blocks.ts'
import { importKubo, KUBO_CHUNK_SIZE } from '../../core/iparo/kubo-import.ts'
import { readFileToBytes } from '../../core/iparo/iparo-reader.ts'
import { ingestFixtures } from '../../core/archive/archive-test-support.ts'
import { CID as CIDClass } from 'multiformats/cid'
import { GatewayHandler } from './gateway-handler.ts'

const SIZE = 3 * KUBO_CHUNK_SIZE + 100

describe('the gateway serves byte ranges of deserialized files', () => {
  it('answers 206 reading only the leaves under the range, 416 past the end', async () => {
    const store = new MemoryBlockStore()
    const bytes = Uint8Array.from({ length: SIZE }, (_, i) => (i * 7919) % 251)
    const { cid } = await importKubo(bytes, store)
    let fetched = 0
    const counting = { get: async (c: CID) => { fetched++; return store.get(c) }, has: async (c: CID) => store.has(c) }
    const gateway = new GatewayHandler(counting)
    const get = async (range?: string): Promise<Response> => {
      const url = `http://node.test/ipfs/${cid.toString()}`
      return gateway.handle(new Request(url, { headers: range != null ? { Range: range } : {} }), new URL(url))
    }
    const whole = await get()
    expect(whole.headers.get('accept-ranges')).toBe('bytes')
    expect((await whole.arrayBuffer()).byteLength).toBe(SIZE)
    fetched = 0
    const part = await get(`bytes=${KUBO_CHUNK_SIZE + 5}-${KUBO_CHUNK_SIZE + 14}`)
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes ${KUBO_CHUNK_SIZE + 5}-${KUBO_CHUNK_SIZE + 14}/${SIZE}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(KUBO_CHUNK_SIZE + 5, KUBO_CHUNK_SIZE + 15))
    // the root (read to find the size, then by the exporter) and the one leaf: not the other three
    expect(fetched).toBe(3)
    const past = await get(`bytes=${SIZE}-`)
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${SIZE}`)
  })

  it('serves ranges of an IPARO past its header exactly (a suffix of one byte too)', async () => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, ['ipwb/1memento.warc'])
    const cid = CIDClass.parse(summary.iparos[0]?.cid ?? '')
    const whole = await readFileToBytes(store, cid)
    const gateway = new GatewayHandler(store)
    const url = `http://node.test/ipfs/${cid.toString()}`
    for (const [range, from, to] of [['bytes=-1', whole.length - 1, whole.length], ['bytes=600-1300', 600, 1301], [`bytes=10-${whole.length - 1}`, 10, whole.length]] as const) {
      const r = await gateway.handle(new Request(url, { headers: { Range: range } }), new URL(url))
      expect(r.status, range).toBe(206)
      expect(Buffer.from(await r.arrayBuffer()).equals(Buffer.from(whole.subarray(from, to))), range).toBe(true)
    }
  })

  it('names a downloaded IPARO <cid>.warc only when asked to download, and serves inlined blocks', async () => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, ['ipwb/1memento.warc'])
    const cid = summary.iparos[0]?.cid ?? ''
    const gateway = new GatewayHandler(store)
    const get = async (query: string): Promise<Response> => {
      const url = `http://node.test/ipfs/${cid}${query}`
      return gateway.handle(new Request(url), new URL(url))
    }
    expect((await get('')).headers.get('content-disposition')).toBeNull()
    expect((await get(`?filename=${cid}.warc&download=true`)).headers.get('content-disposition')).toBe(`attachment; filename="${cid}.warc"`)
    expect((await get('?download=true')).headers.get('content-disposition')).toBe(`attachment; filename="${cid}.warc"`)
    expect((await get('?filename=page.warc')).headers.get('content-disposition')).toBe('inline; filename="page.warc"')
    expect((await get('?filename=%22é.warc&download=true')).headers.get('content-disposition')).toBe('attachment; filename="__.warc"; filename*=UTF-8\'\'%22%C3%A9.warc')
    // the app's reachability probe: the empty block inlined in its CID, held by no store
    const probe = 'http://node.test/ipfs/bafkqaaa?format=raw'
    const answer = await gateway.handle(new Request(probe), new URL(probe))
    expect(answer.status).toBe(200)
    expect((await answer.arrayBuffer()).byteLength).toBe(0)
  })
})
