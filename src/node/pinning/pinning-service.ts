import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import { PinStore } from '../pins/pin-store.ts'
import type { TokenStore } from '../tokens/token-store.ts'
import { PinningHandler } from './pinning-handler.ts'
import { PinWorker, type PinWorkerOptions } from './pin-worker.ts'

export interface PinningServiceOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  tokens: TokenStore
  /** the libp2p node; absent with --offline (pins then wait, queued) */
  network?: NetworkNode
  /**
   * What to name as `delegates` when the libp2p node has no address (offline): the spec requires at
   * least one. The node's HTTP gateway as a multiaddr, `/ip4/127.0.0.1/tcp/8420/http/p2p/<peer>`.
   */
  fallbackDelegates?: () => string[]
  log?: (line: string) => void
  /** timeouts and backoff of the fetches (tests make them short) */
  worker?: Pick<PinWorkerOptions, 'attemptTimeoutMs' | 'retryMs' | 'maxRetryMs' | 'concurrency'>
}

export interface PinningService {
  /** the `/pinning` route, for the node's handler list (before the replay handler) */
  handler: PinningHandler
  /** start when the node is up, stop before the store closes */
  worker: { start: () => void, stop: () => Promise<void> }
  pins: PinStore
}

/** The pinning service of `iparo serve`: its API route and the worker that fetches what it records. */
export function createPinningService (options: PinningServiceOptions): PinningService {
  const pins = new PinStore(options.store)
  const worker = new PinWorker({ ...options.worker, store: options.store, pins, registry: options.registry, network: options.network, log: options.log })
  const delegates = (): string[] => {
    const own = options.network?.addresses() ?? []
    return own.length > 0 ? own.slice(0, 20) : (options.fallbackDelegates?.() ?? []).slice(0, 20)
  }
  const handler = new PinningHandler({ pins, tokens: options.tokens, delegates, onChange: () => { worker.wake() }, log: options.log })
  return {
    handler,
    worker: { start: () => { worker.start() }, stop: async () => { await worker.stop() } },
    pins
  }
}
