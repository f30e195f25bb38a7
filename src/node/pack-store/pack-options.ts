import type { FsBlockstore } from 'blockstore-fs'

export interface PackBlockstoreOptions {
  /** a blockstore-fs folder from before packs: read through, never written */
  legacy?: FsBlockstore
  /** a pack is closed to appends past this size (default 256 MiB) */
  maxPackBytes?: number
  /** buffered appends are written once they reach this (default 1 MiB) */
  flushBytes?: number
  /** put() waits while this much is buffered or being written (default 32 MiB) */
  highWaterBytes?: number
  /**
   * after this many bytes are written, a datasync starts in the background (default 8 MiB), so the disk
   * keeps up during an ingest and the commit point's `sync()` only waits for the tail (the kernel would
   * otherwise hold a whole ingest's pages dirty for up to 30 s). On the bench crawl: ~8% less time than
   * no background sync, ~3% less than every 32 MiB.
   */
  syncEveryBytes?: number
  /** how long a writer waits for another process's writer lock (default 60 s) */
  lockTimeoutMs?: number
  /**
   * key entries held in memory before they are written as a sorted run file (default 65,536: ~10 MB);
   * a reader holds at most twice this of the records past the runs before it writes a run itself
   */
  memtableEntries?: number
  now?: () => number
}
