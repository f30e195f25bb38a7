import { CID } from 'multiformats/cid'
import { walkDag } from '../../core/car/walk-dag.ts'
import { SpillSet } from '../export/spill-set.ts'
import { SpillCidQueue } from '../kubo/cid-queue.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import type { PinRecord, PinStatus, PinStore } from '../pins/pin-store.ts'
import { adoptIpnsRecord, type Adoption } from './adopt-ipns-record.ts'

export interface PinWorkerOptions {
  store: EmbeddedStore
  pins: PinStore
  registry: ArchiveRegistry
  /** absent (offline): nothing is fetched and every pin waits, `queued` */
  network?: NetworkNode
  log?: (line: string) => void
  /** how long one attempt looks for a DAG before the pin is put back to wait (default 2 minutes) */
  attemptTimeoutMs?: number
  /** the wait after a fruitless attempt, doubling each time up to `maxRetryMs` (default 10 s, 30 min) */
  retryMs?: number
  maxRetryMs?: number
  /** pins fetched at once (default 2): one DAG nobody provides never holds up the others for long */
  concurrency?: number
}

/**
 * Errors that say the DAG itself is wrong, not that it was not found yet: a block whose bytes do not
 * match its CID, a codec this node cannot walk. Those fail the pin; anything else (a timeout, nobody
 * providing the blocks, a dropped connection) is retried later, as the spec expects.
 */
const PERMANENT = new Set(['BlockVerificationError', 'InvalidInputError'])
const PROGRESS_EVERY_MS = 1000
const ADOPTION: Record<Adoption, (ipns: string) => string> = {
  request: ipns => `IPNS record of ${ipns} adopted`,
  network: ipns => `IPNS record of ${ipns} adopted from the network`,
  held: ipns => `IPNS record of ${ipns} already held`,
  none: ipns => `no IPNS record of ${ipns} found`
}

/**
 * Works through the pins waiting (`queued`, or `pinning` when the node was stopped mid-way), oldest
 * first: fetches each DAG over the network from the pin's origins and the DHT, checks under the pins'
 * gc lock that every block is here and sound, marks it `pinned`, then adopts the archive's IPNS record.
 * A CID nobody provides stays `pinning`, retried with backoff; a removed pin's fetch is abandoned.
 */
export class PinWorker {
  private readonly running = new Map<string, AbortController>()
  private readonly jobs = new Set<Promise<void>>()
  private readonly retries = new Map<string, { attempts: number, nextAt: number }>()
  private stopped = false
  private woken = false
  private wakeUp: (() => void) | undefined = undefined
  private loop: Promise<void> | undefined = undefined

  constructor (private readonly options: PinWorkerOptions) {}

  /** Starts working; does nothing without a network (pins wait, queued). */
  start (): void {
    if (this.options.network == null || this.loop != null) return
    this.stopped = false
    this.loop = this.run()
  }

  /** Looks at the pins again now: a new pin, a removed one. */
  wake (): void {
    this.woken = true
    this.wakeUp?.()
  }

  /** Abandons the fetches under way (their pins stay `pinning` and resume on the next start). */
  async stop (): Promise<void> {
    this.stopped = true
    for (const controller of this.running.values()) controller.abort()
    this.wake()
    await this.loop
    await Promise.allSettled([...this.jobs])
    this.loop = undefined
  }

  private async run (): Promise<void> {
    while (!this.stopped) {
      let nextAt: number
      try {
        nextAt = await this.schedule()
      } catch (err) {
        this.options.log?.(`pinning: cannot read the pins: ${(err as Error).message}`)
        nextAt = Date.now() + (this.options.retryMs ?? 10_000)
      }
      await this.sleepUntil(nextAt)
    }
  }

  /** Starts what is due; answers when the next waiting pin is due (Infinity: only a wake will do). */
  private async schedule (): Promise<number> {
    const pins = await this.options.pins.list()
    const present = new Set(pins.map(p => p.requestid))
    for (const [requestid, controller] of this.running) if (!present.has(requestid)) controller.abort()
    for (const requestid of this.retries.keys()) if (!present.has(requestid)) this.retries.delete(requestid)
    const now = Date.now()
    let next = Infinity
    const due: PinRecord[] = []
    for (const pin of pins) {
      if ((pin.status !== 'queued' && pin.status !== 'pinning') || this.running.has(pin.requestid)) continue
      const at = this.retries.get(pin.requestid)?.nextAt ?? 0
      if (at > now) next = Math.min(next, at)
      else due.push(pin)
    }
    // pins never tried go first (oldest first), then retries: CIDs nobody provides never starve new pins
    const fresh = due.filter(p => !this.retries.has(p.requestid))
    for (const pin of [...fresh, ...due.filter(p => this.retries.has(p.requestid))]) {
      if (this.running.size >= (this.options.concurrency ?? 2)) break
      this.launch(pin)
    }
    return next
  }

  private async sleepUntil (when: number): Promise<void> {
    if (this.woken || this.stopped) { this.woken = false; return }
    await new Promise<void>((resolve) => {
      const timer = when === Infinity ? undefined : setTimeout(resolve, Math.max(0, when - Date.now()))
      this.wakeUp = () => { clearTimeout(timer); resolve() }
    })
    this.wakeUp = undefined
    this.woken = false
  }

  private launch (pin: PinRecord): void {
    const controller = new AbortController()
    this.running.set(pin.requestid, controller)
    const job = this.attempt(pin, controller.signal)
      .catch((err: unknown) => { this.options.log?.(`pinning: ${pin.requestid}: ${(err as Error).message}`) })
      .finally(() => {
        this.running.delete(pin.requestid)
        this.jobs.delete(job)
        this.wake()
      })
    this.jobs.add(job)
  }

  private async attempt (pin: PinRecord, signal: AbortSignal): Promise<void> {
    const network = this.options.network
    if (network == null) return
    const cid = CID.parse(pin.cid)
    // counted on from the pin's info after a restart, so the backoff does not start over
    const attempts = (this.retries.get(pin.requestid)?.attempts ?? (Number(pin.info?.attempts ?? 0) || 0)) + 1
    const base = { attempts: String(attempts) }
    await this.patch(pin.requestid, 'pinning', { ...base, status_details: 'fetching the DAG' })
    const progress = this.progressWriter(pin.requestid, base)
    try {
      // the blocks met and still to fetch go to disk past a bound: an archive's DAG is any size
      const visited = await SpillSet.open(this.options.store.dir)
      const queue = await SpillCidQueue.open(this.options.store.dir)
      try {
        await network.fetchDag([cid], {
          origins: pin.origins,
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.attemptTimeoutMs ?? 120_000)]),
          onProgress: progress.report,
          visited,
          queue
        })
      } finally {
        await visited.close()
        await queue.close()
      }
      await progress.settled()
      await this.complete(pin, cid, signal)
      this.retries.delete(pin.requestid)
    } catch (err) {
      await progress.settled()
      // stopped, or the pin was removed: nothing to record
      if (signal.aborted) return
      if (err instanceof Error && PERMANENT.has(err.name)) {
        this.options.log?.(`pinning: ${pin.cid} failed: ${err.message}`)
        await this.patch(pin.requestid, 'failed', { ...base, reason: err.name, status_details: err.message })
        return
      }
      this.retryLater(pin, attempts, err)
      const nextAt = this.retries.get(pin.requestid)?.nextAt ?? Date.now()
      await this.patch(pin.requestid, 'pinning', { ...base, status_details: `not found yet; next attempt at ${new Date(nextAt).toISOString()}` })
    }
  }

  private retryLater (pin: PinRecord, attempts: number, err: unknown): void {
    const first = this.options.retryMs ?? 10_000
    const wait = Math.min(first * 2 ** (attempts - 1), this.options.maxRetryMs ?? 30 * 60_000)
    this.retries.set(pin.requestid, { attempts, nextAt: Date.now() + wait })
    this.options.log?.(`pinning: ${pin.cid} not fetched (attempt ${attempts}: ${(err as Error).message}); again in ${Math.round(wait / 1000)} s`)
  }

  /**
   * Every block present and sound, checked under the gc lock with the status change: a gc running
   * meanwhile cannot delete a block between the check and `pinned` (it holds the same lock).
   */
  private async complete (pin: PinRecord, cid: CID, signal: AbortSignal): Promise<void> {
    const { store, pins } = this.options
    const info = await pins.gcLock.run(async () => {
      await store.blockstore.sync()
      let blocks = 0
      let bytes = 0
      // a whole archive's blocks: the walk remembers them on disk
      const visited = await SpillSet.open(store.dir)
      try {
        for await (const block of walkDag(store.blocks, [cid], { signal, visited })) { blocks++; bytes += block.bytes.byteLength }
      } finally {
        await visited.close()
      }
      const done = { blocks: String(blocks), dag_size: String(bytes), status_details: `${blocks} blocks, ${bytes} bytes` }
      await this.patch(pin.requestid, 'pinned', done)
      return done
    })
    try {
      const adopted = await adoptIpnsRecord(cid, pin.meta, { blocks: store.blocks, registry: this.options.registry, network: this.options.network, signal, log: this.options.log })
      if (adopted != null) await this.patch(pin.requestid, 'pinned', { ...info, ipns: adopted.ipns, ipns_record: adopted.adopted, status_details: `${info.status_details}; ${ADOPTION[adopted.adopted](adopted.ipns)}` })
    } catch (err) {
      // the blocks are kept either way: a name that cannot be adopted now is not a failed pin
      this.options.log?.(`pinning: ${pin.cid} pinned, but its IPNS record was not adopted: ${(err as Error).message}`)
    }
  }

  /** Writes a status; a pin removed meanwhile (NotFoundError) is simply gone. */
  private async patch (requestid: string, status: PinStatus, info: Record<string, string>): Promise<void> {
    try {
      await this.options.pins.update(requestid, { status, info })
    } catch (err) {
      if ((err as Error).name !== 'NotFoundError') throw err
    }
  }

  /** Progress into `info.status_details` at most once a second, each write after the one before. */
  private progressWriter (requestid: string, base: Record<string, string>): { report: (p: { blocks: number, bytes: number }) => void, settled: () => Promise<void> } {
    let last = 0
    let chain = Promise.resolve()
    return {
      report: ({ blocks, bytes }) => {
        const now = Date.now()
        if (now - last < PROGRESS_EVERY_MS) return
        last = now
        chain = chain.then(async () => { await this.patch(requestid, 'pinning', { ...base, status_details: `fetched ${blocks} blocks, ${bytes} bytes` }) }).catch(() => {})
      },
      settled: async () => { await chain }
    }
  }
}
