import type { WireItem } from './ingest-wire.ts'

/** The main thread asks for one file at a time, and acknowledges each batch once it has taken it. */
export type ToParser =
  | { type: 'parse', path: string, file: string, keepSecrets: boolean }
  | { type: 'ack' }

/**
 * A batch: `pack` holds its blocks back to back, each as its CID's bytes then its own, with their
 * lengths in `blocks` (CID length, block length, …). Every block a batch's items point at is in that
 * batch or an earlier one. `read` is the compressed file bytes read so far, for progress.
 */
export type FromParser =
  | { type: 'batch', pack: Uint8Array, blocks: number[], items: WireItem[], read: number, done: boolean }
  | { type: 'failed', message: string }
