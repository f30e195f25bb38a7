import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

/** One entry per block held in the Helia blockstore: what eviction and "save for offline" need. */
export interface LedgerEntry {
  /** the block's multihash (blockKey): a raw and a dag-pb CID of the same bytes are one block */
  key: string
  cid: string
  size: number
  /** last read, ms since the epoch */
  used: number
  /** kept by "save for offline": never evicted */
  saved: boolean
}

interface SwSchema extends DBSchema {
  ledger: { key: string, value: LedgerEntry, indexes: { used: number } }
  /** the replay URLs each replayed page requested (itself first), for "save for offline" */
  pages: { key: string, value: { page: string, urls: string[] } }
}

export type SwDb = IDBPDatabase<SwSchema>

let opening: Promise<SwDb> | undefined

/** The worker's own database (Helia's blocks and datastore live in theirs). */
export async function swDb (): Promise<SwDb> {
  opening ??= openDB<SwSchema>('iparo-sw', 2, {
    upgrade (db, from) {
      if (from < 1) {
        db.createObjectStore('ledger', { keyPath: 'key' }).createIndex('used', 'used')
        db.createObjectStore('pages', { keyPath: 'page' })
      }
      // Version 1 kept settings and remembered roots here, where archived scripts can write them: gone
      // (docs/replay-origins.md). The typed schema no longer names them, hence the untyped handle.
      const untyped = db as unknown as IDBDatabase
      for (const store of ['roots', 'settings']) if (untyped.objectStoreNames.contains(store)) untyped.deleteObjectStore(store)
    }
  }).catch(err => { opening = undefined; throw err })
  return opening
}
