import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import { ArchiveReader } from '../archive/archive-reader.ts'
import { IparoHeaderSource } from '../archive/iparo-header-source.ts'
import { setBounded } from '../bounded-map.ts'
import type { BlockGetter } from '../blocks.ts'

/**
 * Turns the archive part of a replay path (a local name, an IPNS name, a DNSLink-style name, a root
 * CID) into the archive's current root. Each edge has its own: the local node reads its registry, the
 * service worker resolves IPNS over delegated routing.
 */
export interface ArchiveLocator {
  locate (archive: string, signal?: AbortSignal): Promise<CID>
}

/**
 * Opened archives by root CID. Roots are immutable, so a reader is reused until a new root appears
 * (a new ingest or IPNS record); IPARO headers are shared by every reader.
 */
export class ArchiveReaders {
  private readonly readers = new Map<string, Promise<ArchiveReader>>()
  readonly source: IparoHeaderSource

  constructor (private readonly blocks: BlockGetter, private readonly size = 16) {
    this.source = new IparoHeaderSource(blocks)
  }

  async open (root: CID): Promise<ArchiveReader> {
    const key = root.toString()
    let reader = this.readers.get(key)
    if (reader == null) {
      // a dag-pb root is an IPARO: a whole-file one replays as an archive of its own (docs/whole-file-iparos.md)
      reader = root.code === dagPb.code ? ArchiveReader.ofFile(this.blocks, root, this.source) : ArchiveReader.open(this.blocks, root, this.source)
      // a failed open (a block not reachable yet) must not stick
      reader.catch(() => { if (this.readers.get(key) === reader) this.readers.delete(key) })
    } else {
      this.readers.delete(key)
    }
    setBounded(this.readers, this.size, key, reader)
    return reader
  }
}
