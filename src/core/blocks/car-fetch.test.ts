import { CarWriter } from '@ipld/car'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { concat } from 'uint8arrays/concat'
import { describe, expect, it } from 'vitest'
import { BlockVerificationError } from '../errors.ts'
import { fetchCar } from './car-fetch.ts'

interface Block { cid: CID, bytes: Uint8Array }

async function rawBlock (text: string): Promise<Block> {
  const bytes = new TextEncoder().encode(text)
  return { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes }
}

/** A two-leaf UnixFS file: its root, then its leaves. */
async function file (): Promise<Block[]> {
  const leaves = [await rawBlock('first leaf '.repeat(20)), await rawBlock('second leaf '.repeat(20))]
  const data = new UnixFS({ type: 'file', blockSizes: leaves.map(l => BigInt(l.bytes.byteLength)) }).marshal()
  const bytes = dagPb.encode(dagPb.prepare({ Data: data, Links: leaves.map(l => ({ Hash: l.cid, Tsize: l.bytes.byteLength })) }))
  return [{ cid: CID.createV1(dagPb.code, await sha256.digest(bytes)), bytes }, ...leaves]
}

async function car (root: CID, blocks: Block[]): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root])
  const parts: Uint8Array[] = []
  const reading = (async () => { for await (const c of out) parts.push(c) })()
  for (const b of blocks) await writer.put(b)
  await writer.close()
  await reading
  return concat(parts)
}

/** A gateway that answers every request with `body` (and counts them). */
function gateway (body: Uint8Array, type = 'application/vnd.ipld.car; version=1'): { fetch: typeof fetch, asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    fetch: async (input) => { asked.push(String(input)); return new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': type } }) }
  }
}

describe('a DAG fetched as one CAR', () => {
  it('takes every block of the DAG from one request, the root first', async () => {
    const blocks = await file()
    const root = blocks[0]?.cid ?? CID.parse('')
    const g = gateway(await car(root, blocks))
    const got = await fetchCar('http://gw.test', root, { fetch: g.fetch })
    expect(got?.map(b => b.cid.toString())).toEqual(blocks.map(b => b.cid.toString()))
    expect(g.asked).toEqual([`http://gw.test/ipfs/${root.toString()}?format=car&dag-scope=entity`])
  })

  it('refuses the whole answer when one block is not its CID\'s bytes', async () => {
    const blocks = await file()
    const root = blocks[0]?.cid ?? CID.parse('')
    const leaf = blocks[2]
    if (leaf == null) throw new Error('no leaf')
    const tampered = leaf.bytes.slice()
    tampered[0] = (tampered[0] ?? 0) ^ 0x01
    const g = gateway(await car(root, [...blocks.slice(0, 2), { cid: leaf.cid, bytes: tampered }]))
    const err = await fetchCar('http://gw.test', root, { fetch: g.fetch }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BlockVerificationError)
    expect((err as BlockVerificationError).cid).toBe(leaf.cid.toString())
  })

  it('drops blocks the DAG does not link, even when they are genuine', async () => {
    const blocks = await file()
    const root = blocks[0]?.cid ?? CID.parse('')
    const stranger = await rawBlock('nobody asked for this')
    const got = await fetchCar('http://gw.test', root, { fetch: gateway(await car(root, [...blocks, stranger])).fetch })
    expect(got?.map(b => b.cid.toString())).not.toContain(stranger.cid.toString())
    expect(got).toHaveLength(3)
  })

  it('stops after the byte budget, keeping the blocks read', async () => {
    const blocks = await file()
    const root = blocks[0]?.cid ?? CID.parse('')
    const got = await fetchCar('http://gw.test', root, { fetch: gateway(await car(root, blocks)).fetch, maxBytes: 1 })
    expect(got?.map(b => b.cid.toString())).toEqual([root.toString()])
  })

  it('is undefined when the gateway answers with no CAR (the caller reads block by block)', async () => {
    const blocks = await file()
    const root = blocks[0]?.cid ?? CID.parse('')
    expect(await fetchCar('http://gw.test', root, { fetch: gateway(blocks[0]?.bytes ?? new Uint8Array(), 'application/vnd.ipld.raw').fetch })).toBeUndefined()
  })
})
