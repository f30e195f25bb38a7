import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ArchiveRegistry } from '../../archive-registry.ts'
import type { EmbeddedStore } from '../../embedded-store.ts'
import { NETWORK_CLI_OPTIONS, networkOptionsOf, type ServeNetworkOptions } from '../../p2p/network-cli-options.ts'
import type { NetworkNode } from '../../p2p/network-node.ts'
import { packageRoot } from '../../package-root.ts'
import { readRouters } from '../../publish/router-list.ts'
import { startLocalNode, type LocalNode, type LocalNodeOptions } from '../../serve/local-node.ts'
import { nodeServices } from '../../serve/node-services.ts'
import { writeRunningNode } from '../../serve/running-node-file.ts'
import { stringOption, type Parsed } from '../cli-args.ts'
import { UsageError } from '../cli-error.ts'
import type { Command, CommandContext } from '../command.ts'
import { withStore } from '../with-store.ts'
import { networkLines, startServeNetwork, watchReachability } from './serve-network.ts'

export const DEFAULT_PORT = 8420

/** The built web app, when `npm run build` has made it (dist/app next to the CLI bundle). */
function defaultAppDir (): string | undefined {
  const dir = join(packageRoot(), 'dist', 'app')
  return existsSync(join(dir, 'index.html')) ? dir : undefined
}

function portOf (text: string | undefined): number {
  if (text == null) return DEFAULT_PORT
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port wants 0–65535 (0 for any free port), not ${JSON.stringify(text)}`)
  return port
}

/** The replay origin's port: the next one by default (any free one with --port 0), `none` for one origin only. */
function replayPortOf (text: string | undefined, port: number): number | undefined {
  if (text === 'none') return undefined
  if (text == null) return port === 0 || port === 65535 ? 0 : port + 1
  return portOf(text)
}

function appUrlOf (text: string | undefined): string | undefined {
  if (text == null) return undefined
  try {
    const url = new URL(text)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)')
    return url.href
  } catch (err) {
    throw new UsageError(`--app-url wants the public URL the app is reached at (https://…), not ${JSON.stringify(text)}`, { cause: err })
  }
}

function validityOf (text: string | undefined): number | undefined {
  if (text == null) return undefined
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds < 1) throw new UsageError(`--ipns-validity takes a number of seconds (≥ 1), not ${JSON.stringify(text)}`)
  return seconds * 1000
}

/** The HTTP node, on the replay port asked for or, when only the default next port is taken, any free one. */
async function startHttp (parsed: Parsed, options: Omit<LocalNodeOptions, 'port' | 'replayPort'>): Promise<LocalNode> {
  const port = portOf(stringOption(parsed, 'port'))
  const replayPort = replayPortOf(stringOption(parsed, 'replay-port'), port)
  const start = async (replay: number | undefined): Promise<LocalNode> => startLocalNode({ ...options, port, ...(replay != null ? { replayPort: replay } : {}) })
  try {
    return await start(replayPort)
  } catch (err) {
    const e = err as { code?: string, port?: number }
    if (stringOption(parsed, 'replay-port') != null || replayPort == null || replayPort === 0 || e.code !== 'EADDRINUSE' || e.port !== replayPort) throw err
    return start(0)
  }
}

async function untilStopped (): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve() }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

async function serve (parsed: Parsed, ctx: CommandContext, store: EmbeddedStore, netOptions: ServeNetworkOptions | undefined, network: NetworkNode | undefined): Promise<void> {
  const log = (line: string): void => { ctx.stderr.write(`${line}\n`) }
  const appDir = stringOption(parsed, 'app') ?? defaultAppDir()
  const registry = new ArchiveRegistry(store)
  let httpDelegate: string[] = []
  const services = nodeServices({
    store,
    registry,
    ...(network != null ? { network } : {}),
    provide: netOptions?.provide ?? 'archives',
    // explicit bootstrap peers switch off every public service, delegated routers included
    routers: netOptions == null || netOptions.bootstrap != null ? [] : await readRouters(store.dir),
    ipnsValidityMs: validityOf(stringOption(parsed, 'ipns-validity')),
    httpDelegate: () => httpDelegate,
    log
  })
  const appUrl = appUrlOf(stringOption(parsed, 'app-url'))
  const node = await startHttp(parsed, { store, host: stringOption(parsed, 'host'), appDir, log, services, ...(network != null ? { network } : {}), ...(appUrl != null ? { appUrl } : {}) })
  const hostname = new URL(node.url).hostname
  const ip = hostname.startsWith('[') ? `/ip6/${hostname.slice(1, -1)}` : `/ip4/${hostname}`
  httpDelegate = [`${ip}/tcp/${node.port}/http/p2p/${network?.peerId ?? node.peerId}`]
  // The first line is the contract scripts and tests read (issue 4): nothing may print before it.
  // The replay origin is the second line, the libp2p addresses follow, all written at once.
  ctx.stdout.write(`iparo serving ${node.url}\n` + (node.replayUrl != null ? `iparo replay origin ${node.replayUrl}\n` : '') + networkLines(network))
  ctx.stdout.write(`  data   ${store.dir}\n  app    ${appDir ?? '(not built: npm run build)'}\n  replay ${node.url}<archive>/<datetime>/<url>   stop with Ctrl-C\n`)
  const removeNodeFile = await writeRunningNode(store.dir, { url: node.url, libp2p: network?.addresses() ?? [] })
  services.start()
  const stopWatching = network != null ? watchReachability(network, line => { ctx.stdout.write(`${line}\n`) }) : () => {}
  try {
    await untilStopped()
  } finally {
    stopWatching()
    await services.stop()
    await node.close()
    await removeNodeFile()
  }
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'the local node: Memento replay, gateway, routing, pinning service, Kubo RPC, libp2p (Bitswap, DHT), the web app',
  usage: `iparo serve [--port N (default ${DEFAULT_PORT})] [--replay-port N|none] [--app DIR] [--app-url URL] [--listen MA]… [--bootstrap MA]… [--offline] [--upnp] [--provide archives|all] [--ipns-validity S]`,
  options: { port: { type: 'string' }, 'replay-port': { type: 'string' }, host: { type: 'string' }, app: { type: 'string' }, 'app-url': { type: 'string' }, 'ipns-validity': { type: 'string' }, ...NETWORK_CLI_OPTIONS },
  async run (parsed, ctx) {
    const netOptions = networkOptionsOf(parsed)
    await withStore(parsed, ctx, async (store) => {
      const network = netOptions != null ? await startServeNetwork(store, netOptions, line => { ctx.stderr.write(`${line}\n`) }) : undefined
      try {
        await serve(parsed, ctx, store, netOptions, network)
      } finally {
        await network?.close()
      }
    })
  }
}
