import { unmarshalIPNSRecord } from 'ipns'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateArchiveRecord } from '../src/core/naming/ipns-name.ts'
import { ingestIana, iparo, json, serve, type Served } from './support/iparo-process.ts'
import { plainHeliaPeer } from './support/plain-helia-peer.ts'

/**
 * Republishing (issue 15): with records valid for 3 s (`--ipns-validity 3`), a running node re-signs its
 * archive's record before it expires, so its router and the DHT always answer with a valid one, at a
 * rising sequence number. Watched for four validity periods, asked every 100 ms: never a failure.
 */
let a: Served
let ipns: string

beforeAll(async () => {
  const data = await ingestIana()
  ipns = String(json(await iparo(['archive', 'info', 'iana', '--json', '--data', data])).ipns)
  a = await serve(data, ['--listen', '/ip4/127.0.0.1/tcp/0', '--bootstrap', 'none', '--ipns-validity', '3'])
}, 120_000)
afterAll(async () => { await a?.stop() })

/** The record the node's router serves now, validated here (signature, expiry) against the name. */
async function served (): Promise<{ sequence: bigint, validity: number }> {
  const response = await fetch(`${a.url}routing/v1/ipns/${ipns}`)
  expect(response.status).toBe(200)
  const bytes = new Uint8Array(await response.arrayBuffer())
  const record = await validateArchiveRecord(ipns, bytes)
  return { sequence: record.sequence, validity: Date.parse(unmarshalIPNSRecord(bytes).validity) }
}

describe('republishing', () => {
  it('re-signs before expiry: the router and the DHT answer a valid record throughout, the sequence rising', async () => {
    // the first run of the republisher shortens the archive's ten-year record to the 3 s asked for
    const deadline = Date.now() + 20_000
    let first = await served()
    while (first.validity - Date.now() > 10_000 && Date.now() < deadline) { await new Promise(resolve => setTimeout(resolve, 100)); first = await served() }
    expect(first.validity - Date.now()).toBeLessThanOrEqual(3_000)
    const b = await plainHeliaPeer([a.libp2p[0] ?? ''])
    try {
      const sequences = new Set<bigint>()
      const until = Date.now() + 12_000
      let dhtChecks = 0
      while (Date.now() < until) {
        const now = await served()
        expect(now.validity).toBeGreaterThan(Date.now())
        sequences.add(now.sequence)
        // the DHT, through a peer that is not the node: resolved afresh each second
        if (Date.now() > until - 12_000 + dhtChecks * 1000) {
          expect((await b.resolve(ipns)).toString()).toMatch(/^bafy/)
          dhtChecks++
        }
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      expect(dhtChecks).toBeGreaterThanOrEqual(8)
      const seen = [...sequences].sort((x, y) => (x < y ? -1 : 1))
      // four validity periods: re-signed at least three times, each at a higher sequence
      expect(seen.length).toBeGreaterThanOrEqual(4)
      expect(seen.at(-1)).toBeGreaterThan(first.sequence)
    } finally {
      await b.stop()
    }
  }, 90_000)
})
