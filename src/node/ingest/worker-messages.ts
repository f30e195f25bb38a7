import type { WireItem } from './ingest-wire.ts'

/** The main thread asks for one file at a time, and acknowledges each batch once it has taken it. */
export type ToParser =
  | { type: 'parse', path: string, file: string, keepSecrets: boolean }
  | { type: 'ack' }

/**
 * A batch: `blocks` alternates CID bytes and block bytes (each in its own transferred buffer), and
 * every block a batch's items point at is in that batch or an earlier one. `read` is the compressed
 * file bytes read so far, for progress.
 */
export type FromParser =
  | { type: 'batch', blocks: Uint8Array[], items: WireItem[], read: number, done: boolean }
  | { type: 'failed', message: string }
