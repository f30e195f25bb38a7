import { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { ingestFixtures } from '../archive/archive-test-support.ts'
import { MemoryBlockStore } from '../blocks.ts'
import { collectBytes } from '../bytes.ts'
import { readFileToBytes } from '../iparo/iparo-reader.ts'
import { importKubo, KUBO_CHUNK_SIZE } from '../iparo/kubo-import.ts'
import { readUnixfsRange } from './read-unixfs-range.ts'

describe('readUnixfsRange', () => {
  it('reads every range of an IPARO (a root with its own data, then pieces) as the whole file has it', async () => {
    const store = new MemoryBlockStore()
    const { summary } = await ingestFixtures(store, ['ipwb/1memento.warc'])
    const cid = CID.parse(summary.iparos[0]?.cid ?? '')
    const whole = await readFileToBytes(store, cid)
    for (let offset = 0; offset < whole.length; offset += 31) {
      for (const length of [1, 77, whole.length - offset]) {
        if (offset + length > whole.length) continue
        const got = await collectBytes(readUnixfsRange(store, cid, offset, length))
        expect(Buffer.from(got).equals(Buffer.from(whole.subarray(offset, offset + length))), `${offset}+${length}`).toBe(true)
      }
    }
    // the last byte alone: the exporter's ranged read never ended here
    expect(await collectBytes(readUnixfsRange(store, cid, whole.length - 1, 1))).toEqual(whole.subarray(whole.length - 1))
  })

  it('reads ranges across the leaves of a balanced DAG, and refuses one its blocks cannot fill', async () => {
    const store = new MemoryBlockStore()
    const bytes = Uint8Array.from({ length: 2 * KUBO_CHUNK_SIZE + 999 }, (_, i) => (i * 131) % 251)
    const { cid } = await importKubo(bytes, store)
    for (const [offset, length] of [[KUBO_CHUNK_SIZE - 3, 10], [0, bytes.length], [bytes.length - 5, 5], [5, 2 * KUBO_CHUNK_SIZE]] as const) {
      expect(Buffer.from(await collectBytes(readUnixfsRange(store, cid, offset, length))).equals(Buffer.from(bytes.subarray(offset, offset + length)))).toBe(true)
    }
    await expect(collectBytes(readUnixfsRange(store, cid, bytes.length - 5, 10))).rejects.toThrow(/holds 5 bytes of the 10/)
  })
})
