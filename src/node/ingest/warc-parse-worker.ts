/**
 * The parsing half of a two-thread ingest (see parse-in-worker.ts): reads a WARC file, inflates,
 * splits, hashes and chunks its records into blocks, and sends blocks and ingest items to the main
 * thread in batches, never more than a few batches ahead of it (memory stays bounded).
 */
import '../polyfills.ts'
import { parentPort } from 'node:worker_threads'
import type { CID } from 'multiformats/cid'
import { readRecordOutcomes } from '../../core/ingest/read-record-outcomes.ts'
import { nodeHashers } from '../node-hashers.ts'
import { openWarcFile } from '../warc-file-source.ts'
import { itemToWire, type WireItem } from './ingest-wire.ts'
import type { FromParser, ToParser } from './worker-messages.ts'

/** Batches in flight before the parser waits: enough to keep both threads busy, few enough for memory. */
const MAX_UNACKED = 3
const BATCH_ITEMS = 256
const BATCH_BYTES = 4 << 20

const port = parentPort
if (port == null) throw new Error('warc-parse-worker runs as a worker thread')

let unacked = 0
let wakeUp: (() => void) | undefined
let blocks: Uint8Array[] = []
let transfer: ArrayBuffer[] = []
let items: WireItem[] = []
let batchBytes = 0
let read = (): number => 0

async function send (done: boolean): Promise<void> {
  while (unacked >= MAX_UNACKED) await new Promise<void>(resolve => { wakeUp = resolve })
  const message: FromParser = { type: 'batch', blocks, items, read: read(), done }
  port?.postMessage(message, transfer)
  unacked++
  blocks = []
  transfer = []
  items = []
  batchBytes = 0
}

const sink = {
  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    // Own buffers, transferred rather than copied: a block is often a view into a larger inflated
    // chunk, which a postMessage would clone whole.
    const id = new Uint8Array(cid.bytes)
    const copy = new Uint8Array(bytes)
    blocks.push(id, copy)
    transfer.push(id.buffer, copy.buffer)
    batchBytes += copy.byteLength
    if (batchBytes >= BATCH_BYTES) await send(false)
  }
}

async function parse (path: string, file: string, keepSecrets: boolean): Promise<void> {
  const source = await openWarcFile(path)
  read = () => source.fileBytesRead
  for await (const item of readRecordOutcomes(source.chunks, { file, sink, hashers: nodeHashers, keepSecrets })) {
    items.push(itemToWire(item))
    if (items.length >= BATCH_ITEMS) await send(false)
  }
  await send(true)
}

port.on('message', (message: ToParser) => {
  if (message.type === 'ack') {
    unacked--
    const wake = wakeUp
    wakeUp = undefined
    wake?.()
    return
  }
  unacked = 0
  parse(message.path, message.file, message.keepSecrets).catch((err: unknown) => {
    const failed: FromParser = { type: 'failed', message: err instanceof Error ? err.message : String(err) }
    port.postMessage(failed)
  })
})
