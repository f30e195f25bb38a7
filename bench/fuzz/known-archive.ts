import type { CID } from 'multiformats/cid'
import { ArchiveReader } from '../../src/core/archive/archive-reader.ts'
import type { ArchiveRoot } from '../../src/core/archive/archive-root.ts'
import { chunks, hashers, manifest } from '../../src/core/archive/archive-test-support.ts'
import { ingestIntoArchive } from '../../src/core/archive/ingest-into-archive.ts'
import { MemoryBlockStore } from '../../src/core/blocks.ts'
import type { Datetime } from '../../src/core/datetime.ts'
import { responseRecord } from '../../src/core/replay/replay-test-support.ts'
import type { Fixture } from './fuzz-fixtures.ts'

export interface KnownMemento { uri: string, datetime: Datetime, cid: string }

/**
 * An archive that already holds known content before any mutant is ingested into it: pages of its
 * own, and for every fixture a capture of its first memento's URL at that memento's very datetime
 * with other bytes, so that a mutant's intact or damaged copy of that record lands on an existing
 * URI-M. Each case ingests into a copy of it (blocks shared, never changed), and then every known
 * memento must still be what its URI-M replays.
 */
export class KnownArchive {
  private constructor (readonly base: MemoryBlockStore, readonly root: ArchiveRoot, readonly rootCid: CID, readonly known: KnownMemento[]) {}

  static async build (fixtures: Fixture[]): Promise<KnownArchive> {
    const records: Uint8Array[] = []
    for (let i = 0; i < 20; i++) {
      for (const year of [2001, 2011]) records.push(responseRecord(`http://known.example/page/${i}`, `${year}-01-0${1 + (i % 9)}T00:00:00Z`, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', `known page ${i} of ${year}`))
    }
    const seen = new Set<string>()
    for (const f of fixtures) {
      const m = f.mementos[0]
      if (m == null || seen.has(`${m.uri} ${m.datetime}`)) continue
      seen.add(`${m.uri} ${m.datetime}`)
      records.push(responseRecord(m.uri, m.datetime, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain', `known content of ${m.uri} at ${m.datetime}`))
    }
    const base = new MemoryBlockStore()
    const { root, rootCid } = await ingestIntoArchive({ store: base, from: { manifest }, sources: [{ name: 'known.warc', open: () => chunks(new Uint8Array(Buffer.concat(records))) }], hashers })
    const reader = await ArchiveReader.open(base, rootCid)
    const known: KnownMemento[] = []
    for (const key of [...seen, ...Array.from({ length: 20 }, (_, i) => [`http://known.example/page/${i} 2001-01-0${1 + (i % 9)}T00:00:00Z`, `http://known.example/page/${i} 2011-01-0${1 + (i % 9)}T00:00:00Z`]).flat()]) {
      const [uri = '', datetime = ''] = key.split(' ')
      const entry = await reader.lookup(uri)
      const found = entry == null ? undefined : (await reader.resolve(entry, datetime)).memento
      if (found == null || found.datetime !== datetime) throw new Error(`the known archive lacks ${key}`)
      known.push({ uri, datetime, cid: found.cid })
    }
    return new KnownArchive(base, root, rootCid, known)
  }

  /** A store holding the known archive's blocks, for one case to write into. */
  fork (): MemoryBlockStore {
    const store = new MemoryBlockStore()
    for (const [k, v] of this.base.blocks) store.blocks.set(k, v)
    return store
  }

  /** The known mementos that the archive at `rootCid` no longer replays at their own URI-M. */
  async changed (store: MemoryBlockStore, rootCid: CID): Promise<string[]> {
    const reader = await ArchiveReader.open(store, rootCid)
    const out: string[] = []
    for (const k of this.known) {
      const entry = await reader.lookup(k.uri)
      const found = entry == null ? undefined : (await reader.resolve(entry, k.datetime)).memento
      if (found?.cid !== k.cid) out.push(`${k.uri} at ${k.datetime}: ${found?.cid ?? 'gone'} instead of ${k.cid}`)
    }
    return out
  }
}
