import { MethodNotAllowedError } from '../../core/errors.ts'
import type { RouteHandler } from '../../core/routing/route-handler.ts'
import type { ArchiveRegistry } from '../archive-registry.ts'
import type { EmbeddedStore } from '../embedded-store.ts'
import type { NetworkNode } from '../p2p/network-node.ts'
import type { PinStore } from '../pins/pin-store.ts'
import { requireBearer } from '../tokens/bearer-auth.ts'
import type { TokenStore } from '../tokens/token-store.ts'
import { dagImport } from './kubo-dag-import.ts'
import { kuboErrorResponse } from './kubo-error-response.ts'
import { UnknownKuboCommandError } from './kubo-errors.ts'
import { blockStat, id, pinLs, version } from './kubo-info-commands.ts'
import { routingPut } from './kubo-routing-put.ts'

export interface KuboRpcOptions {
  store: EmbeddedStore
  registry: ArchiveRegistry
  tokens: TokenStore
  pins: Pick<PinStore, 'add' | 'list' | 'gcLock'>
  /** the libp2p node; absent with --offline (records are then held and served, not put into the DHT) */
  network?: NetworkNode
  /** the most a `dag/import` body may hold, all its CARs together (default DEFAULT_MAX_CAR_BYTES) */
  maxCarBytes?: number
  log?: (line: string, err?: unknown) => void
}

/** An archive's CAR is often hundreds of MB; past this a CAR is better sent as several (or pinned). */
export const DEFAULT_MAX_CAR_BYTES = 4 * 1024 ** 3

/** The Kubo RPC commands answered here, by path under /api/v0/: what kubo-rpc-client's dag.import, routing.put and `iparo push` use. */
const COMMANDS = ['dag/import', 'routing/put', 'block/stat', 'pin/ls', 'id', 'version'] as const
type CommandName = typeof COMMANDS[number]

/**
 * The part of Kubo's RPC (https://docs.ipfs.tech/reference/kubo/rpc/) that lets Kubo clients hand this
 * node an archive: `POST /api/v0/dag/import` and `/api/v0/routing/put`, and what a client asks first.
 * POST only, as Kubo; every call needs a bearer token made by `iparo token create`. Answers and errors
 * follow Kubo's (docs/kubo-rpc.md).
 */
export class KuboRpcHandler implements RouteHandler {
  readonly name = 'kubo-rpc'
  private readonly maxCarBytes: number
  private readonly log: (line: string, err?: unknown) => void

  constructor (private readonly options: KuboRpcOptions) {
    this.maxCarBytes = options.maxCarBytes ?? DEFAULT_MAX_CAR_BYTES
    this.log = options.log ?? (() => {})
  }

  canHandle (_request: Request, url: URL): boolean {
    return url.pathname.startsWith('/api/v0/')
  }

  async handle (request: Request, url: URL): Promise<Response> {
    try {
      // Kubo checks the method before anything else, and answers OPTIONS (preflight) itself
      if (request.method !== 'POST') throw new MethodNotAllowedError(request.method, ['POST'])
      await requireBearer(request, this.options.tokens)
      return await this.run(commandOf(url), request, url)
    } catch (err) {
      // the handler's one place where errors become responses
      return kuboErrorResponse(err, this.log)
    }
  }

  private async run (command: CommandName, request: Request, url: URL): Promise<Response> {
    const { store, registry, pins, network } = this.options
    switch (command) {
      case 'dag/import': return dagImport({ store, pins, network, maxCarBytes: this.maxCarBytes, log: this.log }, request, url)
      case 'routing/put': return routingPut({ registry, network, log: this.log }, request, url)
      case 'block/stat': return blockStat({ store, pins, network }, url)
      case 'pin/ls': return pinLs({ store, pins, network }, url)
      case 'id': return id({ store, pins, network })
      case 'version': return version()
    }
  }
}

function commandOf (url: URL): CommandName {
  const path = url.pathname.slice('/api/v0/'.length).replace(/\/+$/, '')
  const command = COMMANDS.find(c => c === path)
  if (command == null) throw new UnknownKuboCommandError(`command not found: ${JSON.stringify(path)} is not one of the Kubo RPC commands this node answers (${COMMANDS.join(', ')})`)
  return command
}
