import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fresh, iparo, json, serve, type Served } from '../../../e2e/support/iparo-process.ts'
import { createArchiveRecord, validateArchiveRecord } from '../../core/naming/ipns-name.ts'

/** The same shuffle for every run: Fisher–Yates over a fixed linear congruential sequence. */
function shuffled<T> (items: T[], seed = 16): T[] {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0
    const j = s % (i + 1)
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}

describe('IPNS records PUT to the node, concurrently with local publishes', () => {
  let data: string
  let node: Served
  let ipns: string
  let records: Array<{ sequence: number, bytes: Uint8Array<ArrayBuffer> }>

  beforeAll(async () => {
    data = fresh()
    const created = json(await iparo(['archive', 'create', 'a', '--json', '--data', data]))
    ipns = String(created.ipns)
    const keyFile = join(fresh(), 'a.key')
    expect((await iparo(['archive', 'key', 'export', 'a', '--file', keyFile, '--data', data])).code).toBe(0)
    const key = privateKeyFromProtobuf(new Uint8Array(readFileSync(keyFile)))
    const root = CID.parse(String(created.root))
    // sequences 1…30, some twice (a replay of a record already sent), in a shuffled order
    const sequences = shuffled([...Array.from({ length: 30 }, (_, i) => i + 1), 3, 17, 30, 30, 12])
    records = await Promise.all(sequences.map(async sequence => ({ sequence, bytes: new Uint8Array(await createArchiveRecord(key, root, BigInt(sequence))) })))
    node = await serve(data)
  })

  afterAll(async () => { await node?.stop() })

  it('never stores a lower or equal sequence over a higher one it accepted', async () => {
    const url = `${node.url}routing/v1/ipns/${ipns}`
    const puts = records.map(async ({ sequence, bytes }) => {
      const response = await fetch(url, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/vnd.ipfs.ipns-record' } })
      await response.arrayBuffer()
      return { sequence, status: response.status }
    })
    // the CLI, another process sharing the data folder, publishes meanwhile (sequence: held + 1)
    const publishes = [0, 1].map(async () => Number(json(await iparo(['archive', 'publish', 'a', '--json', '--data', data])).sequence))
    const answers = await Promise.all(puts)
    const published = await Promise.all(publishes)
    expect(answers.every(a => a.status === 200 || a.status === 409)).toBe(true)
    const accepted = answers.filter(a => a.status === 200).map(a => a.sequence)
    // no sequence was accepted twice: each acceptance saw the one before it
    expect(new Set(accepted).size).toBe(accepted.length)
    const highest = Math.max(...accepted, ...published)

    const held = await fetch(url, { headers: { Accept: 'application/vnd.ipfs.ipns-record' } })
    expect(held.status).toBe(200)
    const stored = await validateArchiveRecord(ipns, new Uint8Array(await held.arrayBuffer()))
    expect(Number(stored.sequence)).toBe(highest)
    expect(highest).toBeGreaterThanOrEqual(30)
  })
})
