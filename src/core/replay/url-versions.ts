import type { BlockGetter } from '../blocks.ts'
import type { MementoRef } from '../chain/index.ts'
import type { Datetime } from '../datetime.ts'
import type { ArchivedExchange } from './archived-exchange.ts'
import type { MementoRel } from './memento-links.ts'

/** A memento opened for replay: its HTTP exchange, and where its payload's blocks are read from. */
export interface OpenedMemento {
  /** the URL as that capture recorded it */
  uri: string
  exchange: ArchivedExchange
  blocks: BlockGetter
  /** the IPFS object holding it (Link rel=alternate): the IPARO, or the whole-file IPARO its record is in */
  alternate: { uri: string, type: string }
}

/**
 * What replay needs of one URL's captures, whatever holds them (the media type): the URL map and
 * version chains of `memento` IPAROs, the index of a `warc` or `wacz` IPARO, or several of these
 * merged. `MementoRef.cid` names a capture uniquely within the URL (a file's record is
 * `<file IPARO CID>#<offset>`).
 */
export interface UrlVersions {
  /** the URL as archived (a TimeMap's `original`) */
  readonly url: string
  /** Whether the capture is one of this source's (merging sends each question to its owner). */
  owns: (m: MementoRef) => boolean
  /** The capture closest to `at` (ties to the earlier), the latest without; throws when none is reachable. */
  resolve: (at?: Datetime) => Promise<MementoRef>
  first: () => Promise<MementoRef | undefined>
  prev: (m: MementoRef) => Promise<MementoRef | undefined>
  next: (m: MementoRef) => Promise<MementoRef | undefined>
  /** every capture in time order; `complete` false when part of the list was unreachable */
  timemap: () => Promise<{ mementos: MementoRef[], complete: boolean }>
  /** status and media type, as CDXJ TimeMaps list them (empty when unknown or unreadable) */
  describe: (m: MementoRef) => Promise<{ status?: number, mime?: string }>
  /** the URL as that capture recorded it */
  captured: (m: MementoRef) => Promise<string>
  open: (m: MementoRef, signal?: AbortSignal) => Promise<OpenedMemento>
  /** Where an archived redirect leads inside the archive (archived-redirect.ts), when it does. */
  redirectTarget: (opened: OpenedMemento, requested: string, m: MementoRef, near: Partial<Record<MementoRel, MementoRef>>) => Promise<{ url: string, datetime: Datetime } | undefined>
}
