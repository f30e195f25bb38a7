import { CID } from 'multiformats/cid'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { ProvideStrategy } from './network-cli-options.ts'
import type { NetworkNode } from './network-node.ts'

export interface AnnouncerOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  network: NetworkNode
  strategy: ProvideStrategy
  /** CIDs pinned here (the pinning service, imported CARs): announced with the archive roots */
  pinnedRoots?: () => Promise<CID[]>
  /** how often to look for new roots (an ingest in another process moves them) */
  intervalMs?: number
  log?: (line: string) => void
}

/** Provides at once: the DHT's own queue bounds the real concurrency. */
const PROVIDE_CONCURRENCY = 16

/**
 * Announces what this node holds in the DHT (docs/network.md, "What is provided"). `archives` (the
 * default) provides each archive's current root and every pinned root, as Kubo's `roots` strategy:
 * a peer that wants anything of an archive starts from its root, and a Bitswap session asks the
 * root's providers for every block under it. `all` provides every block. The DHT re-provides what was
 * provided before its records expire; this class only adds what is new.
 */
export class ArchiveAnnouncer {
  private readonly announced = new Set<string>()
  private timer: NodeJS.Timeout | undefined = undefined
  private running: Promise<void> | undefined = undefined
  private readonly controller = new AbortController()

  constructor (private readonly options: AnnouncerOptions) {}

  /** Whether the CID was announced by this node (for the share panel: a gateway link can work). */
  has (cid: string): boolean {
    return this.announced.has(cid)
  }

  start (): void {
    const tick = (): void => {
      this.running ??= this.runOnce().then(() => {}, (err: unknown) => { this.options.log?.(`iparo: announcing failed: ${(err as Error).message}`) }).finally(() => { this.running = undefined })
    }
    tick()
    this.timer = setInterval(tick, this.options.intervalMs ?? 10_000)
    this.timer.unref()
  }

  async stop (): Promise<void> {
    clearInterval(this.timer)
    this.controller.abort()
    await this.running
  }

  /** Provides whatever is new since the last run; resolves when done. */
  async runOnce (): Promise<{ provided: number, failed: number }> {
    const fresh: CID[] = []
    for await (const cid of this.candidates()) if (!this.announced.has(cid.toString())) fresh.push(cid)
    let provided = 0
    let failed = 0
    // an index, not shift(): under `all` the list is every block, and shift() may move the rest each time
    let next = 0
    const worker = async (): Promise<void> => {
      for (let cid = fresh[next++]; cid != null && !this.controller.signal.aborted; cid = fresh[next++]) {
        try {
          await this.options.network.provide([cid], { signal: this.controller.signal })
          this.announced.add(cid.toString())
          provided++
        } catch {
          // tried again on the next run: a DHT with no reachable peers yet is no reason to stop
          failed++
        }
      }
    }
    await Promise.all(Array.from({ length: PROVIDE_CONCURRENCY }, worker))
    if (provided + failed > 0 && this.options.strategy === 'archives') this.options.log?.(`iparo announced ${provided} root(s) in the DHT${failed > 0 ? `, ${failed} to retry` : ''}`)
    return { provided, failed }
  }

  private async * candidates (): AsyncGenerator<CID> {
    if (this.options.strategy === 'all') {
      for await (const { cid } of this.options.store.listBlocks()) yield cid
      return
    }
    for (const archive of await this.options.registry.list()) yield CID.parse(archive.root)
    for (const cid of await this.options.pinnedRoots?.() ?? []) yield cid
  }
}
