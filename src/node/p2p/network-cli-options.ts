import type { Parsed } from '../cli/cli-args.ts'
import { UsageError } from '../cli/cli-error.ts'
import { multiaddr } from '@multiformats/multiaddr'
import type { NetworkOptions } from './libp2p-options.ts'
import { DEFAULT_LISTEN } from './public-bootstrap.ts'

/** The options of `iparo serve` that shape its libp2p node (docs/network.md). */
export const NETWORK_CLI_OPTIONS = {
  listen: { type: 'string', multiple: true },
  bootstrap: { type: 'string', multiple: true },
  offline: { type: 'boolean' },
  upnp: { type: 'boolean' },
  provide: { type: 'string' }
} as const

export type ProvideStrategy = 'archives' | 'all'
export type ServeNetworkOptions = NetworkOptions & { provide: ProvideStrategy }

function multiaddrs (parsed: Parsed, name: string): string[] | undefined {
  const value = parsed.values[name]
  if (value == null) return undefined
  const list = (Array.isArray(value) ? value : [String(value)]).flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v !== '' && v !== 'none')
  for (const text of list) {
    try {
      multiaddr(text)
    } catch (err) {
      throw new UsageError(`--${name} wants a multiaddr such as /ip4/127.0.0.1/tcp/4001, not ${JSON.stringify(text)}`, { cause: err })
    }
  }
  return list
}

/** undefined with --offline: no libp2p at all. */
export function networkOptionsOf (parsed: Parsed): ServeNetworkOptions | undefined {
  const listen = multiaddrs(parsed, 'listen')
  const bootstrap = multiaddrs(parsed, 'bootstrap')
  if (parsed.values.offline === true) {
    if (listen != null || bootstrap != null) throw new UsageError('--offline runs no libp2p node: drop --listen and --bootstrap, or --offline')
    return undefined
  }
  const provide = parsed.values.provide ?? 'archives'
  if (provide !== 'archives' && provide !== 'all') throw new UsageError(`--provide takes archives or all, not ${JSON.stringify(provide)}`)
  return { listen: listen ?? DEFAULT_LISTEN, ...(bootstrap != null ? { bootstrap } : {}), upnp: parsed.values.upnp === true, provide }
}
