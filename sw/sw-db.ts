import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { ReplaySettings } from '../src/browser/replay-messages.ts'

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
  /** the last root each archive name resolved to, so an archive opens offline after the IPNS TTL */
  roots: { key: string, value: { archive: string, root: string, at: number } }
  settings: { key: string, value: Partial<ReplaySettings> }
  ledger: { key: string, value: LedgerEntry, indexes: { used: number } }
  /** the replay URLs each replayed page requested (itself first), for "save for offline" */
  pages: { key: string, value: { page: string, urls: string[], /** when "save for offline" last kept it, ms */ saved?: number } }
}

export type SwDb = IDBPDatabase<SwSchema>

let opening: Promise<SwDb> | undefined

/** The worker's own database (Helia's blocks and datastore live in theirs). */
export async function swDb (): Promise<SwDb> {
  opening ??= openDB<SwSchema>('iparo-sw', 1, {
    upgrade (db) {
      db.createObjectStore('roots', { keyPath: 'archive' })
      db.createObjectStore('settings')
      db.createObjectStore('ledger', { keyPath: 'key' }).createIndex('used', 'used')
      db.createObjectStore('pages', { keyPath: 'page' })
    }
  }).catch(err => { opening = undefined; throw err })
  return opening
}
