import { readFileSync } from 'node:fs'
import { FsDatastore } from 'datastore-fs'
import type { Key } from 'interface-datastore'
import { setBounded } from '../../core/bounded-map.ts'
import { NotFoundError } from '../../core/errors.ts'
import type { EmbeddedStore } from '../embedded-store.ts'

/**
 * The data folder's datastore as the replay path reads it: the same files, read with one synchronous
 * call. Every replay reads its archive's name record (so a new ingest shows without a restart), and
 * fs/promises' readFile is four thread-pool round trips (open, fstat, read, close) for a file of a few
 * hundred bytes: that was 14% of the node's CPU under bench/serve. A read of a small file the page cache
 * holds takes microseconds, so blocking for it costs less than scheduling it. Writes are FsDatastore's.
 */
export class SyncReadDatastore extends FsDatastore {
  // a key's file path, as FsDatastore works it out (path joins, a parent key): the same few keys every time
  private readonly files = new Map<string, string>()

  override async get (key: Key): Promise<Uint8Array> {
    const name = key.toString()
    let file = this.files.get(name)
    if (file == null) {
      file = this._encode(key).file
      setBounded(this.files, 1024, name, file)
    }
    try {
      return readFileSync(file)
    } catch (err) {
      // as FsDatastore: a missing file is a missing key; anything else (a permission) is not "not found"
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`no ${key.toString()} in the datastore`, { cause: err })
      throw err
    }
  }
}

/** The same store, its datastore reads made by SyncReadDatastore. */
export function withSyncReads (store: EmbeddedStore): EmbeddedStore {
  return { ...store, datastore: new SyncReadDatastore(store.datastore.path) }
}
