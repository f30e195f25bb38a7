import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsDatastore } from 'datastore-fs'
import { Key } from 'interface-datastore'
import { afterEach, describe, expect, it } from 'vitest'
import { SyncReadDatastore } from './sync-read-datastore.ts'

const dirs: string[] = []
afterEach(async () => { for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true }) })

async function pair (): Promise<{ writer: FsDatastore, reader: SyncReadDatastore, dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'iparo-sync-read-'))
  dirs.push(dir)
  const writer = new FsDatastore(dir)
  await writer.open()
  return { writer, reader: new SyncReadDatastore(dir), dir }
}

describe('SyncReadDatastore', () => {
  it('reads what a datastore of the same folder wrote, every time anew', async () => {
    const { writer, reader } = await pair()
    const key = new Key('/iparo/archives/ia')
    await writer.put(key, new TextEncoder().encode('one'))
    expect(new TextDecoder().decode(await reader.get(key))).toBe('one')
    await writer.put(key, new TextEncoder().encode('two'))
    expect(new TextDecoder().decode(await reader.get(key))).toBe('two')
  })

  it('answers a missing key with a NotFoundError, as FsDatastore does', async () => {
    const { reader } = await pair()
    await expect(reader.get(new Key('/iparo/archives/none'))).rejects.toMatchObject({ name: 'NotFoundError' })
  })

  it('passes on an error that is not a missing key', async () => {
    const { reader, dir } = await pair()
    // a folder where the key's file would be: unreadable, but not missing
    await mkdir(join(dir, 'iparo/archives/odd.data'), { recursive: true })
    await expect(reader.get(new Key('/iparo/archives/odd'))).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
