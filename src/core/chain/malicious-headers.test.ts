import { describe, expect, it } from 'vitest'
import { ChainAppender } from './chain-appender.ts'
import { MemoryChainStore } from './memory-chain-store.ts'
import { closest } from './resolve.ts'
import { collectTimeMap } from './timemap.ts'
import type { VersionHeader } from './version-header.ts'
import { fromEpochMs } from '../datetime.ts'

async function honest (n: number): Promise<{ store: MemoryChainStore, headers: VersionHeader[] }> {
  const store = new MemoryChainStore()
  const dts = Array.from({ length: n }, (_, i) => fromEpochMs(1_500_000_000_000 + i * 3_600_000))
  return { store, headers: await store.appendAll(new ChainAppender(store, undefined), dts) }
}

describe('headers that lie', () => {
  it('ignore self and forward links, refuse links whose target is not what they claim, and end', async () => {
    const { store, headers } = await honest(8)
    const h = (i: number): VersionHeader => headers[i] as VersionHeader
    const later = fromEpochMs(1_500_000_000_000 + 20 * 3_600_000)
    const evil: VersionHeader = {
      cid: 'evil-head',
      datetime: later,
      seq: 8,
      links: [
        { cid: 'evil-head', datetime: later, seq: 8, role: 'skip' },
        { cid: 'evil-future', datetime: later, seq: 12, role: 'skip' },
        { cid: h(7).cid, datetime: h(7).datetime, seq: 7, role: 'prev' },
        // claims to be seq 4 but is the head again: a cycle if it were followed
        { cid: 'evil-loop', datetime: h(4).datetime, seq: 4, role: 'skip' },
        { cid: h(0).cid, datetime: h(0).datetime, seq: 0, role: 'first' }
      ],
      chain: { v: 1, p: 'p2s' }
    }
    store.headers.set('evil-head', evil)
    store.headers.set('evil-loop', { ...evil, cid: 'evil-loop' })
    // two headers that name each other with made-up seqs
    store.headers.set('cyc-a', { cid: 'cyc-a', datetime: h(2).datetime, seq: 3, links: [{ cid: 'cyc-b', datetime: h(1).datetime, seq: 2, role: 'prev' }] })
    store.headers.set('cyc-b', { cid: 'cyc-b', datetime: h(1).datetime, seq: 2, links: [{ cid: 'cyc-a', datetime: h(2).datetime, seq: 1, role: 'prev' }] })
    const cycHead: VersionHeader = {
      cid: 'cyc-head', datetime: later, seq: 4,
      links: [{ cid: 'cyc-a', datetime: h(2).datetime, seq: 3, role: 'prev' }, { cid: 'cyc-b', datetime: h(1).datetime, seq: 2, role: 'skip' }]
    }
    store.headers.set('cyc-head', cycHead)

    const { entries, report } = await collectTimeMap(store, 'evil-head')
    expect(report.fetches).toBeLessThan(20)
    expect(entries.map(e => e.seq).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(entries.some(e => e.cid === 'evil-future')).toBe(false)
    for (const i of [0, 1, 2, 3, 5, 6, 7]) {
      const r = await closest(store, 'evil-head', h(i).datetime, { verify: true })
      expect(r.memento?.cid).toBe(h(i).cid)
      expect(r.fetches).toBeLessThan(20)
    }
    const r4 = await closest(store, 'evil-head', h(4).datetime, { verify: true })
    expect(r4.memento?.cid).not.toBe('evil-loop')
    expect(r4.unreachable).toContain('evil-loop')

    // nothing bounds seq 0, which only a lying link claimed to reach: an earlier instant cannot be settled
    const c = await closest(store, 'cyc-head', fromEpochMs(1_400_000_000_000), { verify: true })
    expect(c.fetches).toBe(3)
    expect(c.complete).toBe(false)
    expect(c.unresolved).toEqual([{ from: 0, to: 0 }])
    expect(c.unreachable).toEqual(['cyc-a'])
    const t = await collectTimeMap(store, 'cyc-head')
    expect(t.report.complete).toBe(false)
    expect(t.report.fetches).toBeLessThanOrEqual(4)
  })

  it('do not make the reader prune on contradictory bounds', async () => {
    const { store, headers } = await honest(40)
    const head = headers[39] as VersionHeader
    // a copy of the head whose summary claims an impossible range for one gap
    const liar: VersionHeader = { ...head, cid: 'liar', chain: { v: 1, p: 'p2s', b: [[31, '2030-01-01T00:00:00Z', '2020-01-01T00:00:00Z']] } }
    store.headers.set('liar', liar)
    for (const h of headers) {
      expect((await closest(store, 'liar', h.datetime)).memento?.cid).toBe(h.seq === 39 ? 'liar' : h.cid)
    }
  })
})
