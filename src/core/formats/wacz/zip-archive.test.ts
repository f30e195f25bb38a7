import { Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js'
import { describe, expect, it } from 'vitest'
import { memorySource, type ByteSource } from './byte-source.ts'
import { openZip } from './zip-archive.ts'
import { zipBytes } from './wacz.test-support.ts'

const text = (n: number): Uint8Array => new TextEncoder().encode('0123456789abcdef'.repeat(n))

/** A source that counts the bytes asked for, to show members are read on demand, not the whole file. */
function counting (inner: ByteSource): ByteSource & { read_: number } {
  const c = { size: inner.size, read_: 0, read: async (o: number, l: number) => { const b = await inner.read(o, l); c.read_ += b.byteLength; return b } }
  return c
}

describe('openZip', () => {
  it('reads stored and deflated members, zip64 included, reading each member\'s bytes only when asked', async () => {
    const big = text(100_000)
    for (const zip64 of [false, true]) {
      const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false, zip64 })
      await writer.add('stored.bin', new Uint8ArrayReader(big), { level: 0 })
      await writer.add('deflated.txt', new Uint8ArrayReader(big), { level: 6 })
      const source = counting(memorySource(await writer.close()))
      const zip = await openZip(source)
      expect(zip.members.map(m => [m.name, m.size])).toEqual([['stored.bin', big.length], ['deflated.txt', big.length]])
      expect(source.read_).toBeLessThan(big.length / 10)
      // (Buffer.equals: toEqual walks 1.6 MB element by element, for a minute)
      expect(Buffer.from(await zip.bytes('deflated.txt')).equals(big)).toBe(true)
      expect(Buffer.from(await zip.bytes('stored.bin')).equals(big)).toBe(true)
    }
  })

  it('stops reading a member when the reader stops', async () => {
    const zip = await openZip(memorySource(await zipBytes([['a.txt', text(500_000)]], 6)))
    let seen = 0
    for await (const chunk of zip.stream('a.txt')) {
      seen += chunk.byteLength
      break
    }
    expect(seen).toBeGreaterThan(0)
    expect(seen).toBeLessThan(8_000_000)
  })

  it('throws zip-unreadable for a member whose bytes are damaged (CRC-32), and for a name it does not hold', async () => {
    const bytes = await zipBytes([['a.txt', text(1000)]])
    bytes[100] = (bytes[100] ?? 0) ^ 1
    const zip = await openZip(memorySource(bytes))
    await expect(zip.bytes('a.txt')).rejects.toMatchObject({ name: 'zip-unreadable' })
    expect(() => zip.stream('b.txt')).toThrow(/no member "b.txt"/)
  })
})
