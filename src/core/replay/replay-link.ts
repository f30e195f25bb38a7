/** What a replay view shows: the app's deep link names exactly this. */
export interface ReplayTarget {
  /** a local or DNSLink-style name, an IPNS name (k51…) or a root CID */
  archive: string
  /** URI-M datetime digits (4–14, more for fractions), or '' for the latest capture */
  datetime: string
  url: string
}

// A URI-M's datetime segment; its modifier (`mp_` where the frame went by a rewritten link) is the frame's business, not the view's.
const DATETIME = /^(\d{1,17})(?:[a-z]{2}_)?$/

/**
 * Reads the app's replay route `/<archive>/<datetime>/<url>` or `/<archive>/<url>` (the latest), as it
 * stands in the hash (`#/…`, possibly percent-encoded whole by whoever shared it). Undefined for
 * anything else (the home page, an archive alone).
 */
export function parseReplayTarget (hash: string): ReplayTarget | undefined {
  let route = hash.startsWith('#') ? hash.slice(1) : hash
  if (/^%2F/i.test(route)) {
    try { route = decodeURIComponent(route) } catch { return undefined }
  }
  if (!route.startsWith('/')) return undefined
  const [archive = '', second = '', ...rest] = route.slice(1).split('/')
  if (archive === '' || second === '') return undefined
  const datetime = DATETIME.exec(second)?.[1]
  if (datetime != null) {
    const url = rest.join('/')
    return url === '' ? undefined : { archive, datetime, url }
  }
  return { archive, datetime: '', url: [second, ...rest].join('/') }
}

/** `/<archive>/<datetime>/<url>`: the URI-M path on the replay origin, and the app's hash route. */
export function replayPath (t: ReplayTarget): string {
  return `/${t.archive}/${t.datetime !== '' ? `${t.datetime}/` : ''}${t.url}`
}

/** The app link that restores this view in any browser: `<app>#/<archive>/<datetime>/<url>`. */
export function replayLink (appBase: string, t: ReplayTarget): string {
  const base = new URL(appBase)
  base.hash = ''
  return `${base.href}#${replayPath(t)}`
}

export const ipfsLink = (cid: string): string => `ipfs://${cid}`

/** `https://<gateway>/ipfs/<cid>`; the gateway as a host (`ipfs.io`) or an origin (`https://dweb.link/`). */
export function gatewayLink (gateway: string, cid: string): string {
  const origin = /^https?:\/\//i.test(gateway) ? gateway : `https://${gateway}`
  return `${origin.replace(/\/+$/, '')}/ipfs/${cid}`
}
