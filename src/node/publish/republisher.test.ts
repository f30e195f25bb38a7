import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { closedPort, routerHolds, routerNode, tempStore } from './publish.test-support.ts'
import { publishedTo } from './published-to.ts'
import { heldRecord } from './record-validity.ts'
import { Republisher, routerTargets } from './republisher.ts'

describe('Republisher', () => {
  let a: EmbeddedStore
  let b: Awaited<ReturnType<typeof routerNode>>
  let ipns: string
  let bRouter: string

  beforeAll(async () => {
    a = await tempStore('repub-a')
    b = await routerNode('repub-b')
    bRouter = b.node.url.replace(/\/$/, '')
    ipns = (await new ArchiveRegistry(a).create('a')).ipns
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  it('re-signs its own archive when half the validity is gone (judged by its clock) and sends each run', async () => {
    let offset = 0
    const events: string[] = []
    const republisher = new Republisher({ store: a, targets: routerTargets([b.node.url]), validityMs: 60_000, now: () => Date.now() + offset, onEvent: line => events.push(line) })
    // the archive's first record has the default 10-year lifetime: longer than this node's, so re-signed now
    const first = await republisher.runOnce()
    expect(first.resigned).toEqual([{ ipns, sequence: 1 }])
    expect(events).toContain(`republished ${ipns} sequence 1`)
    expect(first.sent).toEqual([{ ipns, target: bRouter, ok: true }])
    expect((await routerHolds(b.node.url, ipns)).sequence).toBe(1)

    const fresh = await republisher.runOnce()
    expect(fresh.resigned).toEqual([])
    expect(fresh.sent).toMatchObject([{ ok: true }])

    offset = 35_000
    const due = await republisher.runOnce()
    expect(due.resigned).toEqual([{ ipns, sequence: 2 }])
    expect((await routerHolds(b.node.url, ipns)).sequence).toBe(2)
    const held = await heldRecord(ipns, await new ArchiveRegistry(a).ipnsRecord(ipns))
    expect(held.ok && held.validUntil - Date.now()).toBeLessThanOrEqual(60_000)
    expect(await publishedTo(a, ipns)).toMatchObject([{ target: bRouter, ok: true, sequence: 2 }])
  })

  it('passes on records it adopted, never re-signs them, and leaves them once expired', async () => {
    const c = await routerNode('repub-c')
    try {
      let offset = 0
      const events: string[] = []
      // B adopted A's record from the PUTs above; it has no key for it
      const republisher = new Republisher({ store: b.store, targets: routerTargets([c.node.url]), validityMs: 60_000, now: () => Date.now() + offset, onEvent: line => events.push(line) })
      const before = (await routerHolds(b.node.url, ipns)).sequence
      const run = await republisher.runOnce()
      expect(run.resigned).toEqual([])
      expect(run.sent).toEqual([{ ipns, target: c.node.url.replace(/\/$/, ''), ok: true }])
      expect((await routerHolds(c.node.url, ipns)).sequence).toBe(before)
      offset = 120_000
      const late = await republisher.runOnce()
      expect(late.sent).toEqual([])
      expect(late.skipped).toEqual([{ ipns, reason: 'it has expired; only its key holder can sign a new one' }])
      expect(events.at(-1)).toBe(`not republishing ${ipns}: it has expired; only its key holder can sign a new one`)
    } finally {
      await c.close()
    }
  })

  it('reports a target that fails, keeps the others, and runs once however often it is asked', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`
    const events: string[] = []
    const republisher = new Republisher({ store: a, targets: routerTargets([dead, b.node.url]), validityMs: 60_000, onEvent: line => events.push(line) })
    const [run, same] = await Promise.all([republisher.runOnce(), republisher.runOnce()])
    expect(same).toBe(run)
    expect(run.sent.find(s => s.target === bRouter)?.ok).toBe(true)
    expect(run.sent.find(s => s.target === dead)).toMatchObject({ ok: false, error: expect.stringMatching(/connection refused/) as string })
    expect(events.some(e => e.startsWith(`republish ${ipns} to ${dead} failed: `))).toBe(true)
    expect((await publishedTo(a, ipns)).find(r => r.target === dead)).toMatchObject({ ok: false })
  })

  it('with a 3 s validity, on its own timer: the sequence rises before expiry and B never fails to answer', async () => {
    const validityMs = 3000
    const republisher = new Republisher({ store: a, targets: routerTargets([b.node.url]), validityMs })
    await republisher.runOnce()
    const start = (await routerHolds(b.node.url, ipns)).sequence ?? -1
    republisher.start()
    const seen = new Set<number>()
    let polls = 0
    const deadline = Date.now() + 20_000
    try {
      // poll B until two more re-signs have reached it; every answer on the way must be a valid record
      while (Math.max(...seen, start) < start + 2) {
        if (Date.now() > deadline) throw new Error(`only sequences ${[...seen].join(', ')} after 20 s`)
        const got = await routerHolds(b.node.url, ipns)
        expect(got.status).toBe(200)
        seen.add(got.sequence ?? -1)
        polls++
        await new Promise(resolve => setTimeout(resolve, 25))
      }
    } finally {
      await republisher.stop()
    }
    expect(republisher.active).toBe(false)
    expect(polls).toBeGreaterThan(10)
    expect([...seen].every(s => s >= start)).toBe(true)
  })

  it('stop() ends the timer before the first run and waits for a run in flight', async () => {
    const store = await tempStore('repub-stop')
    try {
      await new ArchiveRegistry(store).create('s')
      const republisher = new Republisher({ store, targets: routerTargets([b.node.url]), validityMs: 60_000, initialDelayMs: 60_000 })
      republisher.start()
      expect(republisher.active).toBe(true)
      await republisher.stop()
      expect(republisher.active).toBe(false)
      const run = republisher.runOnce()
      await republisher.stop()
      expect(republisher.active).toBe(false)
      // the run stopped with a whole record: the one held is valid and signed
      await run
      const s = (await new ArchiveRegistry(store).list())[0]
      expect((await heldRecord(s?.ipns ?? '', await new ArchiveRegistry(store).ipnsRecord(s?.ipns ?? ''))).ok).toBe(true)
    } finally {
      await store.close()
    }
  })
})
