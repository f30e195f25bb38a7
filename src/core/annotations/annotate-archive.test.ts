import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { toDigits } from '../datetime.ts'
import { readArchiveRoot } from '../archive/archive-root.ts'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { ingestFixtures } from '../archive/archive-test-support.ts'
import { walkDag } from '../car/walk-dag.ts'
import { replayFetch } from '../ingest/ingest-replay.test-support.ts'
import { countingBlocks } from '../replay/replay-test-support.ts'
import { annotateArchive } from './annotate-archive.ts'
import { AnnotationIndex } from './annotation-index.ts'
import { notesReply, notesQuery } from './annotations-api.ts'
import { fiveMementos, REPLAY } from './annotations.test-support.ts'

describe('annotating an archive', () => {
  it('adds notes to the root, lists them by memento, and keeps the memento and the URL map as they were', async () => {
    const { store, rootCid, mementos } = await fiveMementos()
    const [m0, m1] = mementos
    if (m0 == null || m1 == null) throw new Error('fixture')
    const before = await readArchiveRoot(store, rootCid)
    const a = await annotateArchive({ store, rootCid, target: m1.cid, text: 'second capture', created: '2026-12-07T18:40:00Z', replay: REPLAY })
    const b = await annotateArchive({ store, rootCid: a.rootCid, target: m1.cid, text: 'earlier note? no, later', created: '2026-12-07T18:40:00.5Z', replay: REPLAY })
    const c = await annotateArchive({ store, rootCid: b.rootCid, target: m0.cid, text: 'first capture', created: '2026-12-07T18:39:00Z', replay: REPLAY })
    const root = await readArchiveRoot(store, c.rootCid)
    expect(root.urls.equals(before.urls)).toBe(true)
    expect(root.counts).toEqual(before.counts)
    expect(a.annotation.header.target.uriM).toBe(`${REPLAY.origin}/${REPLAY.archive}/${toDigits(m1.datetime)}/http://memento.us/`)

    const index = await AnnotationIndex.open(store, root.annotations as CID)
    expect(index.count).toBe(3)
    // by target, in the order made (.5 after the whole second: padded keys)
    expect((await index.forTarget(m1.cid)).map(r => r.cid)).toEqual([a.annotation.cid, b.annotation.cid])
    expect((await index.forTarget(m0.cid)).map(r => r.cid)).toEqual([c.annotation.cid])
    expect(await index.forTarget(mementos[2]?.cid ?? '')).toEqual([])

    const counting = countingBlocks(store)
    const reader = await ArchiveReader.open(counting, c.rootCid)
    const opened = counting.count
    const reply = await notesReply(reader, m1.cid)
    expect(reply.annotations.map(n => n.text)).toEqual(['second capture', 'earlier note? no, later'])
    expect(reply.unreadable).toEqual([])
    // the index's one leaf, then root and record of each note
    expect(counting.count - opened).toBe(1 + 2 * 2)
    // pinning or exporting the root keeps every note: the root links the index, whose entries link the IPAROs
    const reachable = new Set<string>()
    for await (const block of walkDag(store, [c.rootCid])) reachable.add(block.cid.toString())
    for (const made of [a, b, c]) {
      expect(reachable.has(made.annotation.cid)).toBe(true)
      expect(reachable.has(made.annotation.header.pieces[0].cid)).toBe(true)
    }
    expect(() => notesQuery(new URLSearchParams('target=nope'))).toThrow(/not a CID/)
  })

  it('refuses a memento of another archive, and a CID that is no memento', async () => {
    const { store, rootCid } = await fiveMementos()
    const other = await ingestFixtures(store, ['ipwb/salam-home.warc'])
    const otherReader = await ArchiveReader.open(store, other.rootCid)
    let first = ''
    for await (const [, e] of otherReader.urls.range({ limit: 1 })) first = e.head.toString()
    await expect(annotateArchive({ store, rootCid, target: first, text: 'x', created: '2026-12-07T18:40:00Z', replay: REPLAY })).rejects.toMatchObject({ name: 'NotFoundError' })
    await expect(annotateArchive({ store, rootCid, target: rootCid.toString(), text: 'x', created: '2026-12-07T18:40:00Z', replay: REPLAY })).rejects.toMatchObject({ name: 'NotFoundError' })
    await expect(annotateArchive({ store, rootCid, target: 'nope', text: 'x', created: '2026-12-07T18:40:00Z', replay: REPLAY })).rejects.toMatchObject({ name: 'InvalidInputError' })
  })

  it('an ingest after an annotation keeps it, and the TimeMap JSON links it', async () => {
    const { store, rootCid, mementos } = await fiveMementos()
    const target = mementos[0]?.cid ?? ''
    const a = await annotateArchive({ store, rootCid, target, text: 'kept', created: '2026-12-07T18:40:00Z', replay: REPLAY })
    const after = await ingestFixtures(store, ['ipwb/1memento.warc'], await readArchiveRoot(store, a.rootCid))
    expect(after.root.annotations?.toString()).toBe((await readArchiveRoot(store, a.rootCid)).annotations?.toString())
    const timemap = await (await replayFetch(store, after.rootCid)('/a/timemap/json/http://memento.us/')).json() as { mementos: { list: Array<{ cid: string, annotations?: Array<{ cid: string, uri: string }> }> } }
    const listed = timemap.mementos.list.find(m => m.cid === target)
    expect(listed?.annotations).toEqual([{ cid: a.annotation.cid, datetime: '2026-12-07T18:40:00Z', uri: `ipfs://${a.annotation.cid}` }])
    expect(timemap.mementos.list.filter(m => m.annotations != null)).toHaveLength(1)
  })
})
