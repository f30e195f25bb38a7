import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import { parseIso } from '../../src/core/datetime.ts'
import { ArchiveRegistry } from '../../src/node/archive-registry.ts'
import { openEmbeddedStore } from '../../src/node/embedded-store.ts'
import { ARCHIVE, buildScaleArchive } from './build-archive.ts'
import { SyntheticCrawl } from './synthetic-crawl.ts'

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z')

describe('the scale bench crawl', () => {
  it('has distinct URLs over hosts of 1–199 pages, and knows what a partial build holds', () => {
    const crawl = new SyntheticCrawl(20_000, 10)
    expect(new Set(Array.from({ length: crawl.urls }, (_, i) => crawl.url(i))).size).toBe(crawl.urls)
    expect(crawl.urls / crawl.hosts).toBeGreaterThan(60)
    expect(crawl.urls / crawl.hosts).toBeLessThan(140)
    const partial = new SyntheticCrawl(1000, 10, 2500)
    expect([partial.versionsOf(0), partial.versionsOf(499), partial.versionsOf(500), partial.versionsOf(999)]).toEqual([3, 3, 2, 2])
    expect(new SyntheticCrawl(1000, 10, 400).present).toBe(400)
    const times = crawl.datetimes(7)
    expect(times.every((t, v) => v === 0 || t > (times[v - 1] ?? Infinity))).toBe(true)
  })

  it('builds in runs that resume, and the archive answers as the crawl says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scale-build-'))
    try {
      const crawl = new SyntheticCrawl(60, 4)
      const lines: string[] = []
      // stopped after its first run of 100, then resumed: 240 captures in 3 runs
      const first = await buildScaleArchive(dir, crawl, 100, line => lines.push(line), { stopAfterSeconds: 0 })
      expect([first.done, first.complete]).toEqual([100, false])
      const done = await buildScaleArchive(dir, crawl, 100, line => lines.push(line))
      expect([done.done, done.complete, done.runs.length]).toEqual([240, true, 3])
      expect(done.runs.reduce((n, r) => n + r.mementos, 0)).toBe(240)
      const store = await openEmbeddedStore(join(dir, 'data'))
      try {
        const { cid } = await new ArchiveRegistry(store).root(ARCHIVE)
        expect(cid.toString()).toBe(done.runs[2]?.root)
        const reader = await ArchiveReader.open(store.blocks, cid)
        expect(reader.root.counts).toEqual({ urls: 60, mementos: 240 })
        for (const i of [0, 17, 59]) {
          const entry = await reader.lookup(crawl.url(i))
          if (entry == null) throw new Error(`${crawl.url(i)} missing`)
          expect((await reader.timemap(entry)).mementos.map(m => m.datetime)).toEqual(crawl.datetimes(i).map(iso))
          const mid = ((crawl.datetimes(i)[1] ?? 0) + 1000)
          expect((await reader.resolve(entry, parseIso(iso(mid)))).memento?.datetime).toBe(iso(crawl.datetimeMs(i, 1)))
        }
      } finally {
        await store.close()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
