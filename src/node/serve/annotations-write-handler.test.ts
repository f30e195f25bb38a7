import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fiveMementosFolder } from '../cli/commands/annotate-commands.test-support.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { MAX_TEXT_LENGTH } from '../../core/annotations/web-annotation.ts'
import { startLocalNode, type LocalNode } from './local-node.ts'

describe('POST /api/v1/archives/NAME/annotations', () => {
  let store: EmbeddedStore
  let node: LocalNode
  let target: string
  let app: string
  let replay: string
  const post = async (body: string, headers: Record<string, string>, archive = 'five'): Promise<Response> =>
    fetch(`${node.url}api/v1/archives/${archive}/annotations`, { method: 'POST', body, headers })
  const note = (text = 'seen'): string => JSON.stringify({ target, text })

  beforeAll(async () => {
    const folder = await fiveMementosFolder()
    target = folder.cids[0] ?? ''
    store = await openEmbeddedStore(folder.data)
    node = await startLocalNode({ store, replayPort: 0 })
    app = new URL(node.url).origin
    replay = new URL(node.replayUrl ?? '').origin
  })
  afterAll(async () => {
    await node.close()
    await store.close()
  })

  it('writes a note from the app origin and publishes the new root', async () => {
    const before = await (await fetch(`${node.url}api/v1/archives`)).json() as { archives: Array<{ root: string }> }
    const r = await post(note('from the app'), { Origin: app, 'Content-Type': 'application/json' })
    expect(r.status).toBe(201)
    const made = await r.json() as { root: string, annotation: { cid: string, text: string, uriM: string } }
    expect(made.annotation.text).toBe('from the app')
    expect(made.annotation.uriM.startsWith(`${app}/k51`)).toBe(true)
    const after = await (await fetch(`${node.url}api/v1/archives`)).json() as { archives: Array<{ root: string }> }
    expect(after.archives[0]?.root).toBe(made.root)
    expect(after.archives[0]?.root).not.toBe(before.archives[0]?.root)
    const notes = await (await fetch(`${node.url}api/v1/archive/five/annotations?target=${target}`)).json() as { annotations: Array<{ cid: string }> }
    expect(notes.annotations.map(n => n.cid)).toContain(made.annotation.cid)
  })

  it('refuses (403) the replay origin, a sandboxed page, another site, no Origin, and form content types', async () => {
    const json = { 'Content-Type': 'application/json' }
    for (const headers of [
      { ...json, Origin: replay },
      { ...json, Origin: 'null' },
      { ...json, Origin: 'http://evil.example' },
      json,
      { Origin: app, 'Content-Type': 'application/x-www-form-urlencoded' },
      { Origin: app, 'Content-Type': 'text/plain' },
      { Origin: app, 'Content-Type': 'multipart/form-data; boundary=x' }
    ]) {
      const r = await post(note(), headers)
      expect(r.status, JSON.stringify(headers)).toBe(403)
      expect(r.headers.get('x-iparo-error')).toBe('ForbiddenWriteError')
    }
    const r = await fetch(`${node.url}api/v1/archives/five/annotations`, { method: 'GET', headers: { Origin: app } })
    expect(r.status).toBe(405)
  })

  it('answers 400 for bad JSON, bad fields, too long text; 404 for an unknown archive or memento', async () => {
    const ok = { Origin: app, 'Content-Type': 'application/json' }
    expect((await post('{not json', ok)).status).toBe(400)
    expect((await post('[]', ok)).status).toBe(400)
    expect((await post(JSON.stringify({ target, text: 1 }), ok)).status).toBe(400)
    expect((await post(JSON.stringify({ target, text: 'x', html: '<b>' }), ok)).status).toBe(400)
    expect((await post(note('x'.repeat(MAX_TEXT_LENGTH + 1)), ok)).status).toBe(400)
    expect((await post(note('  '), ok)).status).toBe(400)
    expect((await post(JSON.stringify({ target: 'nope', text: 'x' }), ok)).status).toBe(400)
    expect((await post(note(), ok, 'missing')).status).toBe(404)
  })
})

describe('a node with one origin', () => {
  it('takes no notes from the browser: archived pages run on the app origin there', async () => {
    const folder = await fiveMementosFolder()
    const store = await openEmbeddedStore(folder.data)
    const node = await startLocalNode({ store })
    try {
      const r = await fetch(`${node.url}api/v1/archives/five/annotations`, { method: 'POST', body: JSON.stringify({ target: folder.cids[0], text: 'x' }), headers: { Origin: new URL(node.url).origin, 'Content-Type': 'application/json' } })
      expect(r.status).toBe(403)
      expect(await r.text()).toMatch(/iparo annotate/)
    } finally {
      await node.close()
      await store.close()
    }
  })
})
