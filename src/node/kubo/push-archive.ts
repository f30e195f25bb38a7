import { CarWriter } from '@ipld/car'
import type { CID } from 'multiformats/cid'
import { verifyBlock, type BlockGetter } from '../../core/blocks.ts'
import { IparoError } from '../../core/errors.ts'
import { validateArchiveRecord } from '../../core/naming/ipns-name.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import { httpFailure, pushFailure, type KuboTarget } from './kubo-target.ts'
import { SpillSet } from '../export/spill-set.ts'
import { MemoryCidQueue, SpillCidQueue } from './cid-queue.ts'
import { missingBlocks, noCounts, type MissingBlockCounts, type WalkSpace } from './missing-blocks.ts'
import { MemoryKeySet } from '../../core/car/key-set.ts'
import { PushError } from './push-errors.ts'

export interface PushReport {
  archive: string
  ipns?: string
  /** the archive's current root, and the one its record names when that differs */
  roots: string[]
  target: { url: string, id: string, agent: string }
  /** `skipped: 'pinned'`: every root was pinned there already, nothing was asked or sent; `cars`: how many CARs carried them */
  blocks: { skipped: 'pinned' | false, sent: number, bytes: number, cars: number } & MissingBlockCounts
  pins: Array<{ cid: string, pinned: boolean, error?: string }>
  /** `put: false` with a reason when the target refused it (the CLI then exits 1) */
  record: { put: boolean, sequence?: number, reason?: string }
}

export type PushStep = { step: 'target', id: string, agent: string } | { step: 'blocks', blocks: PushReport['blocks'] } | { step: 'pins', pins: PushReport['pins'] } | { step: 'record', record: PushReport['record'] }

export interface PushOptions {
  blocks: BlockGetter
  registry: ArchiveRegistry
  /** a local archive name, an IPNS name held here, or a root CID */
  archive: string
  target: KuboTarget
  /** the most one CAR holds (default MAX_CAR_BYTES) */
  maxCarBytes?: number
  /** the data folder: the walk's sets spill under its `tmp/` (without it they are kept in memory) */
  dataDir?: string
  onStep?: (step: PushStep) => void
}

/**
 * Uploads an archive (every block of its DAG that the target lacks, as far as it can tell) and then
 * its signed IPNS record to a Kubo RPC endpoint. A refused CAR, or a root the target could not pin,
 * throws PushError before the record is sent (a record naming a root the target lacks would not
 * resolve there); a refused record is in the report.
 */
export async function pushArchive ({ blocks, registry, archive, target, maxCarBytes = MAX_CAR_BYTES, dataDir, onStep }: PushOptions): Promise<PushReport> {
  const resolved = await registry.resolve(archive)
  const record = resolved.ipns != null ? await registry.ipnsRecord(resolved.ipns) : undefined
  const published = record != null && resolved.ipns != null ? await validateArchiveRecord(resolved.ipns, record) : undefined
  const roots = unique([resolved.rootCid, ...(published != null ? [published.value] : [])])
  const who = await ask('reach the Kubo RPC', target, async () => target.identify())
  onStep?.({ step: 'target', ...who })

  const { sent, pins } = await sendBlocks(blocks, roots, target, maxCarBytes, dataDir)
  onStep?.({ step: 'blocks', blocks: sent })
  onStep?.({ step: 'pins', pins })
  const unpinned = pins.find(p => !p.pinned)
  if (unpinned != null) throw new PushError(`${target.url} did not pin ${unpinned.cid}: ${unpinned.error ?? ''}`)

  const put = resolved.ipns != null && record != null && published != null
    ? await putRecord(target, resolved.ipns, record, published.sequence)
    : { put: false, reason: 'no IPNS record is held here for it (a CID alone was pushed)' }
  onStep?.({ step: 'record', record: put })
  return { archive, ...(resolved.ipns != null ? { ipns: resolved.ipns } : {}), roots: roots.map(String), target: { url: target.url, ...who }, blocks: sent, pins, record: put }
}

/**
 * The most a CAR of a push holds. kubo-rpc-client sends with Node's fetch, which keeps a streamed body
 * whole in memory (to follow a redirect): one CAR per archive would cost its size in memory, so the
 * blocks go in CARs of this size, each verified and kept by the target on its own (the last one pins
 * the roots). 6 MiB also stays under the 8 MiB an IPARO node buffers of a request body.
 */
export const MAX_CAR_BYTES = 6 * 1024 * 1024

/** Nothing when every root is pinned there; else CARs of the blocks it lacks, the last one pinning the roots. */
async function sendBlocks (blocks: BlockGetter, roots: CID[], target: KuboTarget, maxCarBytes: number, dataDir: string | undefined): Promise<{ sent: PushReport['blocks'], pins: PushReport['pins'] }> {
  const pinned = await ask('ask for its pins', target, async () => Promise.all(roots.map(async cid => target.isPinned(cid))))
  if (pinned.every(Boolean)) {
    return {
      sent: { skipped: 'pinned', sent: 0, bytes: 0, cars: 0, checked: 0, present: 0, unchecked: 0, pinnedSubtrees: roots.length },
      pins: roots.map(cid => ({ cid: cid.toString(), pinned: true }))
    }
  }
  const pinnedThere = await ask('list its pins', target, async () => target.pinnedRoots())
  const spilled = dataDir != null ? await SpillSet.open(dataDir) : undefined
  const space: WalkSpace = { visited: spilled ?? new MemoryKeySet(), queue: dataDir != null ? await SpillCidQueue.open(dataDir) : new MemoryCidQueue() }
  try {
    const counts = noCounts()
    const { sent, bytes, cars, answered } = await streamPieces(blocks, roots, target, maxCarBytes, missingBlocks(blocks, roots, target, pinnedThere, counts, space))
    return {
      sent: { skipped: false, sent, bytes, cars, ...counts },
      pins: roots.map(cid => {
        const error = answered.find(r => r.cid === cid.toString())?.pinError ?? 'the endpoint did not name this root'
        return error === '' ? { cid: cid.toString(), pinned: true } : { cid: cid.toString(), pinned: false, error }
      })
    }
  } finally {
    await spilled?.close()
    await space.queue.close()
  }
}

/**
 * Sends the missing blocks as they are found, in CARs of at most `limit` bytes (a larger block alone),
 * each sent once the next block would not fit; the last (empty when nothing is missing) pins the roots.
 * Holds one CAR's CIDs.
 */
async function streamPieces (
  blocks: BlockGetter, roots: CID[], target: KuboTarget, limit: number, missing: AsyncGenerator<{ cid: CID, size: number }>
): Promise<{ sent: number, bytes: number, cars: number, answered: Array<{ cid: string, pinError: string }> }> {
  let piece: CID[] = []
  let size = 0
  let sent = 0
  let bytes = 0
  let cars = 0
  const send = async (pinRoots: boolean): Promise<Array<{ cid: string, pinError: string }>> => {
    const car = carOf(blocks, roots, piece)
    cars++
    // a local block that fails while the CAR streams aborts the upload: that failure is the one to tell
    return ask('import the CAR', target, async () => target.importCar(car.chunks, { pinRoots }).catch((err: unknown) => { throw car.failure() ?? err }))
  }
  for (;;) {
    const next = await ask('ask which blocks are there', target, async () => missing.next())
    if (next.done === true) break
    const { cid, size: blockSize } = next.value
    sent++
    bytes += blockSize
    if (piece.length > 0 && size + blockSize > limit) {
      await send(false)
      piece = []
      size = 0
    }
    piece.push(cid)
    size += blockSize
  }
  const answered = await send(true)
  return { sent, bytes, cars, answered }
}

async function putRecord (target: KuboTarget, ipns: string, record: Uint8Array, sequence: bigint): Promise<PushReport['record']> {
  try {
    await target.putRecord(ipns, record)
    return { put: true, sequence: Number(sequence) }
  } catch (err) {
    const { status, message } = httpFailure(err)
    if (status === 401 || status === 403 || status == null) throw pushFailure('put the record', target.url, err)
    // Kubo's words (go-libp2p-kad-dht, boxo's offline router) for a record older than the one held
    const reason = /newer value|newer record/.test(message) ? 'it holds a newer record for this name' : `HTTP ${status}: ${message.trim().slice(0, 300)}`
    return { put: false, sequence: Number(sequence), reason }
  }
}

/** Runs a step against the target: the project's own errors (a damaged local block) pass as they are, the endpoint's failures become PushError. */
async function ask<T> (what: string, target: KuboTarget, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof IparoError) throw err
    throw pushFailure(what, target.url, err)
  }
}

/** A CAR v1 naming `roots` and holding `cids` only (a part of the DAG: the rest is there already). */
function carOf (blocks: BlockGetter, roots: CID[], cids: CID[]): { chunks: AsyncIterable<Uint8Array>, failure: () => unknown } {
  let failure: unknown
  async function * chunks (): AsyncGenerator<Uint8Array> {
    const { writer, out } = CarWriter.create(roots)
    const feeding = (async () => {
      try {
        for (const cid of cids) {
          const block = await verifyBlock(cid, await blocks.get(cid))
          await writer.put({ cid, bytes: block })
        }
      } finally {
        await writer.close()
      }
    })()
    // surface a read failure even while the consumer is still reading
    feeding.catch((err: unknown) => { failure = err })
    for await (const chunk of out) yield chunk
    await feeding.catch(() => {})
    if (failure !== undefined) throw failure
  }
  return { chunks: chunks(), failure: () => failure }
}

function unique (cids: CID[]): CID[] {
  const out = new Map<string, CID>()
  for (const cid of cids) out.set(cid.toString(), cid)
  return [...out.values()]
}
