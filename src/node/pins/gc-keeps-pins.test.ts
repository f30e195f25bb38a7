import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { ArchiveRegistry } from '../archive-registry.ts'
import { parseCommandArgs } from '../cli/cli-args.ts'
import type { CommandContext } from '../cli/command.ts'
import { gcCommand } from '../cli/commands/gc-command.ts'
import { openEmbeddedStore, type EmbeddedStore } from '../embedded-store.ts'
import { PinStore } from './pin-store.ts'

async function put (store: EmbeddedStore, value: unknown): Promise<CID> {
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value)
    const cid = CID.createV1(raw.code, await sha256.digest(bytes))
    await store.blocks.put(cid, bytes)
    return cid
  }
  const bytes = dagCbor.encode(value)
  const cid = CID.createV1(dagCbor.code, await sha256.digest(bytes))
  await store.blocks.put(cid, bytes)
  return cid
}

async function gc (dir: string): Promise<Record<string, number>> {
  let out = ''
  const ctx: CommandContext = { stdout: { write: (t) => { out += String(t) } }, stderr: { write: () => {} }, env: {}, pipeOut: async () => {} }
  await gcCommand.run(parseCommandArgs(['--grace-minutes', '0', '--json', '--data', dir], gcCommand.options), ctx)
  return JSON.parse(out) as Record<string, number>
}

describe('iparo gc and pins', () => {
  it('keeps what archives and pins reach (a partial pin as far as held), deletes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iparo-gc-pins-'))
    let store = await openEmbeddedStore(dir)
    const pins = new PinStore(store)
    await new ArchiveRegistry(store).create('crawl')
    const leaf = await put(store, 'pinned leaf')
    const pinnedRoot = await put(store, { leaf, again: [leaf] })
    await pins.add({ cid: pinnedRoot, source: 'dag-import', status: 'pinned' })
    // fetching now: its root arrived, one child not yet (never held), another child held already
    const heldChild = await put(store, 'arrived child')
    const missing = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('not here yet')))
    const partialRoot = await put(store, { a: missing, b: heldChild })
    await pins.add({ cid: partialRoot, source: 'pinning-api', status: 'pinning' })
    const failedRoot = await put(store, 'failed pin')
    const failed = await pins.add({ cid: failedRoot, source: 'pinning-api' })
    await pins.update(failed.requestid, { status: 'failed' })
    const loose = await put(store, 'nobody wants me')
    await store.close()

    const report = await gc(dir)
    expect(report).toMatchObject({ archives: 1, pins: 2, deleted: 2 })

    store = await openEmbeddedStore(dir)
    try {
      for (const cid of [leaf, pinnedRoot, partialRoot, heldChild]) expect(await store.blocks.has(cid)).toBe(true)
      for (const cid of [failedRoot, loose]) expect(await store.blocks.has(cid)).toBe(false)
    } finally {
      await store.close()
    }
  })
})
