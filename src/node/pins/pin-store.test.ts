import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { afterEach, describe, expect, it } from 'vitest'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { PinStore } from './pin-store.ts'

const SUPPORT = new URL('./pin-store.test-support.ts', import.meta.url).pathname
const A = CID.parse('bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
const B = CID.parse('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')

const opened: EmbeddedStore[] = []
async function fresh (): Promise<{ dir: string, store: EmbeddedStore, pins: PinStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'iparo-pins-'))
  const store = await openEmbeddedStore(dir)
  opened.push(store)
  return { dir, store, pins: new PinStore(store) }
}
afterEach(async () => { for (const store of opened.splice(0)) await store.close() })

describe('PinStore', () => {
  it('adds, gets, lists in the order added, updates and removes', async () => {
    const { pins } = await fresh()
    const a = await pins.add({ cid: A, name: 'a', origins: ['/ip4/127.0.0.1/tcp/1/p2p/12D3KooWx'], meta: { k: 'v' }, source: 'pinning-api' })
    expect(a).toMatchObject({ cid: A.toString(), name: 'a', status: 'queued', source: 'pinning-api', meta: { k: 'v' } })
    expect(a.requestid).toMatch(/^[0-9a-f-]{36}$/)
    const b = await pins.add({ cid: B, source: 'dag-import', status: 'pinned' })
    expect(b).not.toHaveProperty('name')
    expect(b.created > a.created).toBe(true)
    expect((await pins.list()).map(p => p.requestid)).toEqual([a.requestid, b.requestid])
    expect(await pins.get(a.requestid)).toEqual(a)

    const updated = await pins.update(a.requestid, { status: 'failed', info: { reason: 'x' } })
    expect(updated).toMatchObject({ status: 'failed', info: { reason: 'x' }, name: 'a' })
    expect(await pins.get(a.requestid)).toEqual(updated)

    expect(await pins.remove(a.requestid)).toBe(true)
    expect(await pins.remove(a.requestid)).toBe(false)
    expect(await pins.get(a.requestid)).toBeUndefined()
    await expect(pins.update(a.requestid, { status: 'pinned' })).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('names no pin for a requestid that is not one of ours (never a datastore path)', async () => {
    const { pins } = await fresh()
    expect(await pins.get('../archives/x')).toBeUndefined()
    expect(await pins.get('')).toBeUndefined()
    expect(await pins.remove('a/b')).toBe(false)
  })

  it('roots: every pin not failed, each CID once', async () => {
    const { pins } = await fresh()
    await pins.add({ cid: A, source: 'pinning-api' })
    await pins.add({ cid: A, source: 'dag-import', status: 'pinned' })
    const failed = await pins.add({ cid: B, source: 'pinning-api' })
    await pins.update(failed.requestid, { status: 'failed' })
    expect((await pins.roots()).map(String)).toEqual([A.toString()])
    await pins.add({ cid: B, source: 'pinning-api', status: 'pinning' })
    expect((await pins.roots()).map(String).sort()).toEqual([A.toString(), B.toString()].sort())
  })

  it('a second PinStore (another process) sees the pins; concurrent updates lose nothing', async () => {
    const { dir, pins } = await fresh()
    const shared = await pins.add({ cid: A, source: 'pinning-api' })
    const N = 12
    const child = spawn(process.execPath, ['--import', 'tsx', SUPPORT, dir, shared.requestid, String(N)], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
    const statuses = ['pinning', 'queued'] as const
    for (let i = 0; i < N; i++) await pins.update(shared.requestid, { status: statuses[i % 2] })
    expect(await exited).toBe(0)
    expect(out).toBe('done\n')
    await pins.update(shared.requestid, { status: 'pinned' })
    const final = await pins.get(shared.requestid)
    // each writer's last change survives: the child's info and this process's status
    expect(final).toMatchObject({ status: 'pinned', info: { child: String(N - 1) } })
    expect(await pins.list()).toHaveLength(N + 1)
  })
})
