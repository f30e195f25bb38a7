import { describe, expect, it } from 'vitest'
import { openEmbeddedStore } from '../../embedded-store.ts'
import { startLocalNode } from '../../serve/local-node.ts'
import { runCliCaptured } from '../run-cli.test-support.ts'
import { fiveMementosFolder } from './annotate-commands.test-support.ts'

describe('iparo annotate', () => {
  it('notes a memento of the archive that holds it, publishes, and the notes and TimeMap show it', async () => {
    const { data, cids } = await fiveMementosFolder()
    const target = cids[1] ?? ''
    const before = JSON.parse((await runCliCaptured(['archive', 'list', '--json', '--data', data])).out) as unknown
    const made = await runCliCaptured(['annotate', target, '--text', 'a <i>note</i>', '--json', '--data', data])
    expect(made.err).toBe('')
    const out = JSON.parse(made.out) as { archive: string, root: string, ipns: string, annotation: { cid: string, target: { cid: string, uriM: string } } }
    expect(out.archive).toBe('five')
    expect(out.annotation.target.cid).toBe(target)
    expect(out.annotation.target.uriM).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:8420/${out.ipns}/\\d{14}/http://memento\\.us/$`))
    expect(JSON.stringify(before)).not.toContain(out.root)

    const listed = JSON.parse((await runCliCaptured(['annotations', 'five', target, '--json', '--data', data])).out) as { annotations: Array<{ cid: string, text: string }> }
    expect(listed.annotations).toEqual([expect.objectContaining({ cid: out.annotation.cid, text: 'a <i>note</i>' })])
    // the memento itself is unchanged: the timemap lists the same CIDs
    const timemap = JSON.parse((await runCliCaptured(['timemap', 'five', 'http://memento.us/', '--json', '--data', data])).out) as { mementos: Array<{ cid: string }> }
    expect(timemap.mementos.map(m => m.cid)).toEqual(cids)

    // the node's TimeMap JSON links the annotation from its memento
    const store = await openEmbeddedStore(data)
    const node = await startLocalNode({ store })
    try {
      const json = await (await fetch(`${node.url}five/timemap/json/http://memento.us/`)).json() as { mementos: { list: Array<{ cid: string, annotations?: Array<{ cid: string, uri: string }> }> } }
      expect(json.mementos.list.find(m => m.cid === target)?.annotations).toEqual([expect.objectContaining({ cid: out.annotation.cid, uri: `ipfs://${out.annotation.cid}` })])
      const notes = await (await fetch(`${node.url}api/v1/archive/five/annotations?target=${target}`)).json() as { annotations: Array<{ text: string }> }
      expect(notes.annotations.map(n => n.text)).toEqual(['a <i>note</i>'])
      expect((await fetch(`${node.url}api/v1/archive/five/annotations?target=nope`)).status).toBe(400)
    } finally {
      await node.close()
      await store.close()
    }
  })

  it('says what is wrong: no text, an unknown CID, an archive that lacks the memento', async () => {
    const { data, cids } = await fiveMementosFolder()
    expect((await runCliCaptured(['annotate', cids[0] ?? '', '--data', data])).err).toMatch(/--text is required/)
    expect((await runCliCaptured(['annotate', 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', '--text', 'x', '--data', data])).err).toMatch(/not a memento IPARO held here/)
    expect((await runCliCaptured(['annotate', cids[0] ?? '', '--text', '  ', '--data', data])).err).toMatch(/empty/)
    expect((await runCliCaptured(['annotate', cids[0] ?? '', '--text', 'x', '--archive', 'other', '--data', data])).err).toMatch(/no archive named "other"/)
  })
})
