import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { BlockNotFoundError, type IparoError } from '../../core/errors.ts'
import type { BlockStore } from '../../core/blocks.ts'
import { importCar } from '../../core/car/car-io.ts'
import { walkDag } from '../../core/car/walk-dag.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import { SpillSet } from '../export/spill-set.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import type { PinStore } from '../pins/pin-store.ts'
import { receiveCars, type UploadedCars } from './car-upload.ts'
import { boolOption } from './kubo-args.ts'
import { kuboStream } from './kubo-stream.ts'

export interface DagImportContext {
  store: EmbeddedStore
  pins: Pick<PinStore, 'add' | 'list' | 'gcLock'>
  network?: NetworkNode
  maxCarBytes: number
  log: (line: string, err?: unknown) => void
}

/** importCar's store for a verifying pass only: it holds everything, so nothing is ever put. */
const VERIFY_ONLY: BlockStore = {
  has: async () => true,
  put: async () => {},
  get: async (cid) => { throw new BlockNotFoundError(cid.toString()) }
}

/**
 * `dag/import`: the CAR file(s) of the body, every block of every file verified before any is kept
 * (all or nothing, where Kubo keeps what came before a bad block); each root named in a CAR header
 * then pinned when its whole DAG is here (`pin-roots`, default true), as Kubo's opportunistic pinning
 * does: a root whose DAG is incomplete is answered with a PinErrorMsg, not an error.
 */
export async function dagImport (ctx: DagImportContext, request: Request, url: URL): Promise<Response> {
  const pinRoots = boolOption(url, 'pin-roots', true)
  const stats = boolOption(url, 'stats', false)
  const upload = await receiveCars(request, join(ctx.store.dir, 'tmp'), ctx.maxCarBytes)
  try {
    if (upload.files.length > 1) {
      for (const file of upload.files) await importCar(() => upload.open(file), VERIFY_ONLY)
    }
    // gc, and the pin worker's "is the DAG whole" check, hold this lock: no block stored here is
    // judged unreachable before its root is pinned (Kubo's PinLock)
    const result = await ctx.pins.gcLock.run(async () => storeAndPin(ctx, upload, pinRoots))
    if (ctx.network != null) {
      const network = ctx.network
      // Kubo's fast-provide of the roots; the network's own reprovider covers them later either way
      network.provide(result.roots).catch((err: unknown) => { ctx.log('dag/import: providing the imported roots failed', err) })
    }
    const lines: unknown[] = result.pinned.map(({ cid, error }) => ({ Root: { Cid: { '/': cid.toString() }, PinErrorMsg: error ?? '' } }))
    if (stats) lines.push({ Stats: { BlockCount: result.blocks, BlockBytesCount: result.bytes } })
    return kuboStream(lines)
  } finally {
    await upload.discard()
  }
}

interface StoredResult {
  roots: CID[]
  blocks: number
  bytes: number
  pinned: Array<{ cid: CID, error?: string }>
}

async function storeAndPin (ctx: DagImportContext, upload: UploadedCars, pinRoots: boolean): Promise<StoredResult> {
  const roots = new Map<string, CID>()
  let blocks = 0
  let bytes = 0
  for (const file of upload.files) {
    const result = await importCar(() => upload.open(file), ctx.store.blocks)
    for (const root of result.roots) if (!roots.has(root.toString())) roots.set(root.toString(), root)
    blocks += result.blocks
    bytes += result.bytes
  }
  const pinned: StoredResult['pinned'] = []
  if (pinRoots) {
    for (const root of roots.values()) pinned.push(await pinRoot(ctx, root))
  }
  return { roots: [...roots.values()], blocks, bytes, pinned }
}

/** Pins a root whose whole DAG is held (every block read and verified, as Kubo's pinner reads it). */
async function pinRoot (ctx: DagImportContext, root: CID): Promise<{ cid: CID, error?: string }> {
  // a whole archive's blocks: the walk remembers them on disk
  const visited = await SpillSet.open(ctx.store.dir)
  try {
    for await (const _ of walkDag(ctx.store.blocks, [root], { visited })) { /* reading is the check */ }
  } catch (err) {
    const reason = err instanceof BlockNotFoundError
      ? `block ${err.cid} of the DAG is not held here (it was not in the CAR)`
      : `the DAG cannot be read here: ${(err as IparoError).name ?? 'Error'}`
    return { cid: root, error: `not pinned: ${reason}` }
  } finally {
    await visited.close()
  }
  const held = (await ctx.pins.list()).some(pin => pin.cid === root.toString() && pin.status === 'pinned')
  if (!held) await ctx.pins.add({ cid: root, source: 'dag-import', status: 'pinned' })
  return { cid: root }
}
