import { afterAll, describe, expect, it } from 'vitest'
import { NONCE_DIGITS } from '../../core/namespace/grind-nonce.ts'
import { hasPrefix, namespacePrefix } from '../../core/namespace/namespace-prefix.ts'
import { inlineGrinder, NamespaceGrindError } from '../../core/namespace/namespacing.ts'
import { sha256Digest } from '../node-sha2.ts'
import { createGrindPool, grindThreads } from './grind-pool.ts'

const encoder = new TextEncoder()
const nonceAt = 'WARC-IPARO-Nonce: '.length
const root = (n: number): Uint8Array => encoder.encode(`WARC-IPARO-Nonce: ${'0'.repeat(NONCE_DIGITS)}\r\nroot number ${n}, whose bytes the nonce changes`)
const nonceOf = (bytes: Uint8Array): number => Number.parseInt(new TextDecoder().decode(bytes.subarray(nonceAt, nonceAt + NONCE_DIGITS)), 16)

// real worker threads, from the TypeScript sources (spawn-grind-worker.ts): always, even for small prefixes
const pool = createGrindPool({ threads: 2, inlineBelowBits: 0, chunk: 37 })
afterAll(async () => { await pool.close() })

describe('createGrindPool', () => {
  it('finds the smallest matching nonce, as the inline grinder does, across chunks and threads', async () => {
    const inline = inlineGrinder(sha256Digest)
    let tries = 0
    for (let n = 0; n < 6; n++) {
      const prefix = await namespacePrefix({ bits: 5, urlBits: 4 }, `key ${n}`)
      const ground = await pool.grind(root(n), nonceAt, prefix)
      expect(ground).toEqual(await inline(root(n), nonceAt, prefix))
      expect(hasPrefix(sha256Digest(ground), prefix)).toBe(true)
      tries += nonceOf(ground) + 1
    }
    expect(pool.stats).toMatchObject({ threads: 2, iparos: 6, tries })
    // the threads tried chunks above the match too
    expect(pool.stats.hashes).toBeGreaterThanOrEqual(tries)
    expect(pool.stats.grindMs).toBeGreaterThan(0)
  })

  it('takes grinds called at once one after the other, each with its own answer', async () => {
    const prefixes = await Promise.all([1, 2, 3].map(async n => namespacePrefix({ bits: 8, urlBits: 0 }, `${n}`)))
    const inline = inlineGrinder(sha256Digest)
    const ground = await Promise.all([1, 2, 3].map(async (n, i) => pool.grind(root(n), nonceAt, prefixes[i] ?? prefixes[0] ?? { bytes: new Uint8Array(0), bits: 0 })))
    for (const [i, n] of [1, 2, 3].entries()) expect(ground[i]).toEqual(await inline(root(n), nonceAt, prefixes[i] ?? { bytes: new Uint8Array(0), bits: 0 }))
  })

  it('grinds small prefixes inline, starting no thread', async () => {
    const small = createGrindPool({ threads: 2 })
    const prefix = await namespacePrefix({ bits: 4, urlBits: 0 }, '')
    const ground = await small.grind(root(1), nonceAt, prefix)
    expect(hasPrefix(sha256Digest(ground), prefix)).toBe(true)
    expect(small.stats).toMatchObject({ threads: 0, iparos: 1, tries: nonceOf(ground) + 1, hashes: nonceOf(ground) + 1 })
    await small.close()
  })

  it('stops a grind when its signal aborts: the grind and every later one throw, with the reason', async () => {
    const controller = new AbortController()
    const reason = new Error('Ctrl-C')
    // 30 bits: a billion tries, far longer than the test; aborted once a thread has done a chunk
    const cancelled = createGrindPool({ threads: 2, inlineBelowBits: 0, chunk: 1000, signal: controller.signal, onProgress: (s) => { if (s.hashes > 0) controller.abort(reason) } })
    const prefix = await namespacePrefix({ bits: 30, urlBits: 0 }, '')
    const err = await cancelled.grind(root(1), nonceAt, prefix).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NamespaceGrindError)
    expect((err as Error).cause).toBe(reason)
    expect(cancelled.stats.iparos).toBe(0)
    await expect(cancelled.grind(root(2), nonceAt, await namespacePrefix({ bits: 1, urlBits: 0 }, ''))).rejects.toThrow(NamespaceGrindError)
    await cancelled.close()
  })

  it('fails a grind still running when the pool is closed', async () => {
    const closing = createGrindPool({ threads: 1, inlineBelowBits: 0, chunk: 1000, onProgress: (s) => { if (s.hashes > 0) void closing.close() } })
    await expect(closing.grind(root(1), nonceAt, await namespacePrefix({ bits: 30, urlBits: 0 }, ''))).rejects.toThrow(/closed/)
  })

  it('takes its thread count from the option, else IPARO_GRIND_THREADS, else the cores', () => {
    expect(grindThreads(3, { IPARO_GRIND_THREADS: '5' })).toBe(3)
    expect(grindThreads(undefined, { IPARO_GRIND_THREADS: '5' })).toBe(5)
    expect(grindThreads(undefined, {})).toBeGreaterThanOrEqual(1)
    for (const bad of ['0', 'two', '1.5', '1000']) expect(() => grindThreads(undefined, { IPARO_GRIND_THREADS: bad })).toThrow(NamespaceGrindError)
  })
})
