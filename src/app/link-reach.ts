/** Who can open a link, judged by its host alone: this machine, this (private) network, or anyone. */
export type LinkReach = 'machine' | 'network' | 'anyone'

const MACHINE_V4 = /^(127\.\d+\.\d+\.\d+|0\.0\.0\.0)$/
const PRIVATE_V4 = /^(10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.\d+\.\d+)$/
// IPv6: unique local fc00::/7 and link-local fe80::/10
const PRIVATE_V6 = /^\[(f[cd][0-9a-f]{0,2}:|fe[89ab][0-9a-f]?:)/i
// names only a local resolver knows (mDNS, home routers, RFC 8375) or no DNS at all (a single label)
const LOCAL_NAMES = /(^[^.]+$|\.(local|lan|home|internal|intranet|home\.arpa)$)/i

/**
 * Where a link's host can be reached from. Loopback names and addresses are this machine's own;
 * private ranges (RFC 1918, link-local, carrier-grade NAT, IPv6 unique-local) and names without a
 * public domain reach this network at most. Anything else is taken as public: whether the host
 * really answers from outside is not something a link can show.
 */
export function linkReach (link: string): LinkReach {
  const url = URL.parse(link)
  if (url == null) return 'machine'
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '[::]' || MACHINE_V4.test(host)) return 'machine'
  const mapped = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host)
  if (mapped != null) return linkReach(`http://${ipv4Of(mapped[1] ?? '', mapped[2] ?? '')}/`)
  if (PRIVATE_V4.test(host) || PRIVATE_V6.test(host)) return 'network'
  if (!host.startsWith('[') && LOCAL_NAMES.test(host)) return 'network'
  return 'anyone'
}

/** An IPv4-mapped IPv6 address's last two groups (`7f00:1`) as the IPv4 address they carry (`127.0.0.1`). */
function ipv4Of (high: string, low: string): string {
  const h = parseInt(high, 16)
  const l = parseInt(low, 16)
  return [h >> 8, h & 255, l >> 8, l & 255].join('.')
}
