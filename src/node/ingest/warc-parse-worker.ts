/**
 * The parsing half of a two-thread ingest (see parse-in-worker.ts): reads a WARC file, inflates,
 * splits, hashes and chunks its records into blocks, and sends blocks and ingest items to the main
 * thread in batches, never more than a few batches ahead of it (memory stays bounded).
 */
import '../polyfills.ts'
import { parentPort } from 'node:worker_threads'
import type { CID } from 'multiformats/cid'
import { nodeHashers } from '../node-hashers.ts'
import { itemToWire, type WireItem } from './ingest-wire.ts'
import { warcFileItems } from './warc-file-items.ts'
import type { FromParser, ToParser } from './worker-messages.ts'

/** Batches in flight before the parser waits: enough to keep both threads busy, few enough for memory. */
const MAX_UNACKED = 3
const BATCH_ITEMS = 256
// 1 MiB: larger transferred buffers, once freed, raise glibc's mmap threshold and fragment the heap
const BATCH_BYTES = 1 << 20

const port = parentPort
if (port == null) throw new Error('warc-parse-worker runs as a worker thread')

/** A buffer of its own, transferable (a large calloc: the zeroed pages come from the kernel, not a fill) */
const newPack = (size: number): Uint8Array<ArrayBuffer> => new Uint8Array(new ArrayBuffer(size))

let unacked = 0
let wakeUp: (() => void) | undefined
/** the batch's blocks, copied back to back into one buffer (one transfer, one external buffer per batch) */
let pack = newPack(BATCH_BYTES)
let packed = 0
let blocks: number[] = []
let items: WireItem[] = []
let read = (): number => 0

async function send (done: boolean): Promise<void> {
  while (unacked >= MAX_UNACKED) await new Promise<void>(resolve => { wakeUp = resolve })
  const message: FromParser = { type: 'batch', pack: pack.subarray(0, packed), blocks, items, read: read(), done }
  port?.postMessage(message, [pack.buffer])
  unacked++
  pack = newPack(BATCH_BYTES)
  packed = 0
  blocks = []
  items = []
}

const sink = {
  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    // Copied, not sent as they are: a block is often a view into a larger inflated chunk, which a
    // postMessage would clone whole.
    const size = cid.bytes.byteLength + bytes.byteLength
    if (packed + size > pack.byteLength) {
      if (packed > 0) await send(false)
      if (size > pack.byteLength) pack = newPack(size)
    }
    pack.set(cid.bytes, packed)
    pack.set(bytes, packed + cid.bytes.byteLength)
    blocks.push(cid.bytes.byteLength, bytes.byteLength)
    packed += size
  }
}

async function parse (path: string, file: string, keepSecrets: boolean): Promise<void> {
  read = () => 0
  const parsed = warcFileItems(path, { file, sink, hashers: nodeHashers, keepSecrets }, (source) => { read = () => source.fileBytesRead })
  for await (const item of parsed) {
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
