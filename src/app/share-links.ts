import { parseArchiveInput, type ArchiveKind } from '../core/naming/archive-input.ts'
import { gatewayLink, ipfsLink, replayLink, type ReplayTarget } from '../core/replay/replay-link.ts'
import { linkReach, type LinkReach } from './link-reach.ts'
import type { NodeArchiveInfo, NodeInfo } from './node-info.ts'

/** Everything the Share panel decides from; no DOM, no storage (read by the caller). */
export interface ShareContext {
  target: ReplayTarget
  /** the shown version's content address, when known */
  cid: string | undefined
  /** where the app runs now (`location.href`) */
  current: string
  /** the "Public app URL" setting, when set */
  setting: string | undefined
  /** what the node serving the app says; undefined when none answered (a static host, the node stopped) */
  node: NodeInfo | undefined
  /** the node's record of the archive shown, when it is one of the node's */
  archive: NodeArchiveInfo | undefined
  /** the IPNS name last seen for a local name (kept on the app's origin), for when the node is away */
  knownIpns: string | undefined
  /** the public gateway the gateway link names */
  gateway: string
}

export interface ShareLinks {
  /** the app link, naming the archive by IPNS name whenever it is known */
  replay: string
  /** where the link's app address came from */
  base: 'setting' | 'node' | 'current'
  reach: LinkReach
  /** when the link works only on this machine or network: says so, and how to make one that works for others */
  reachNote: string | undefined
  /** other plain sentences on what the replay link needs to work for others */
  notes: string[]
  ipfs: string | undefined
  /** offered only for content this node announces (reachably) or a pinning service holds */
  gateway: string | undefined
  /** why the gateway link is offered or not */
  gatewayWhy: string
  /** the version's IPARO as `<cid>.warc` from the node serving this app, when it holds the archive */
  download: string | undefined
}

/**
 * `?filename=<cid>.warc&download=true`, the gateway spec's query parameters: an IPARO is a WARC file,
 * saved under that name rather than the bare CID.
 */
export const warcDownload = (gatewayUrl: string, cid: string): string => `${gatewayUrl}?filename=${cid}.warc&download=true`

/** The node's record of an archive named by its local name, IPNS name or root CID. */
export function findArchive (archives: NodeArchiveInfo[] | undefined, id: string): NodeArchiveInfo | undefined {
  const lower = id.toLowerCase()
  return archives?.find(a => a.name.toLowerCase() === lower || a.ipns === id || a.root === id)
}

function kindOf (archive: string): ArchiveKind | undefined {
  try {
    return parseArchiveInput(archive).kind
  } catch {
    return undefined
  }
}

/** The archive as the link names it: never a local name when its IPNS name is known. */
function linkedArchive (c: ShareContext): { id: string, note?: string } {
  const name = c.target.archive
  switch (kindOf(name)) {
    case 'local': {
      const ipns = c.archive?.ipns ?? c.knownIpns
      if (ipns != null) return { id: ipns }
      return { id: name, note: `The link names the archive by its local name “${name}”, which only the node that holds it knows, and its IPNS name is not known here: open this page from that node to share it by IPNS name.` }
    }
    case 'dnslink':
      return { id: name, note: `The link names the archive by the domain ${name}: it opens elsewhere only when a _dnslink.${name} DNS record points at the archive.` }
    default:
      return { id: name }
  }
}

const REMEDY = 'To make one that works for others, host the app at a public address (the output of `npm run build` on any static web host, or a node started with `iparo serve --app-url URL`) and set that address as “Public app URL” in Settings.'

function reachNote (reach: LinkReach, link: string): string | undefined {
  const host = URL.parse(link)?.host ?? link
  if (reach === 'machine') return `This link works only on this machine: ${host} is this computer's own address. ${REMEDY}`
  if (reach === 'network') return `This link works only on this network: ${host} is a private address. ${REMEDY}`
  return undefined
}

/** Whether others can fetch the archive's blocks (gateways, other browsers), and why or why not. */
export function availability (c: Pick<ShareContext, 'node' | 'archive'>): { available: boolean, why: string } {
  const { node, archive } = c
  // a pin of an earlier root holds none of the captures made since
  const current = archive?.pins?.filter(p => p.cid == null || p.cid === archive.root) ?? []
  const pinned = current.filter(p => p.status === 'pinned')
  if (pinned.length > 0) return { available: true, why: `Pinned at ${pinned.map(p => p.service).join(', ')}: a public gateway can fetch it from there.` }
  const network = node?.network
  const reachable = network?.online === true && (network.reachability.status === 'public' || network.reachability.status === 'relayed')
  if (archive?.announced === true && reachable) return { available: true, why: `Announced by this node, which peers outside can reach (${network.reachability.detail}).` }
  const pending = archive?.pins?.map(p => `${p.service}: ${current.includes(p) ? p.status : `${p.status}, an earlier state`}`) ?? []
  const pin = archive != null ? ` Pin it at a pinning service (\`iparo pin ${archive.name} --service URL --token TOKEN\`) to share it through public gateways.` : ''
  const pins = pending.length > 0 ? ` Its pins are not done (${pending.join(', ')}).` : ''
  let why: string
  if (node == null) why = 'No IPARO node answered here, so nothing says that this archive is announced or pinned anywhere: a public gateway may not find it.'
  else if (archive == null) why = 'This node does not hold this archive, so it neither announces nor pins it: a public gateway may not find it.'
  else if (network?.online !== true) why = 'This node is offline (no libp2p), so it announces nothing: a public gateway cannot find the archive here.'
  else if (archive.announced === true) why = `This node announces the archive, but peers outside cannot reach it: ${network.reachability.detail}.`
  else why = 'This node does not announce this archive (yet), so a public gateway cannot find it here.'
  return { available: false, why: `${why}${pins}${pin}` }
}

/** A record nobody can look up makes the IPNS name dead for others, even where the blocks are. */
function publishedNote (archive: NodeArchiveInfo | undefined): string | undefined {
  if (archive?.published == null || archive.announced === true) return undefined
  if (archive.published.some(p => p.ok)) return undefined
  return `Its IPNS name is not published where others can look it up: run \`iparo publish ${archive.name}\`.`
}

/** The links of the Share panel, and what to tell the person about each. */
export function shareLinks (c: ShareContext): ShareLinks {
  const { id, note } = linkedArchive(c)
  const base = c.setting != null ? 'setting' : c.node?.appUrl != null ? 'node' : 'current'
  const replay = replayLink(c.setting ?? c.node?.appUrl ?? c.current, { ...c.target, archive: id })
  const reach = linkReach(replay)
  const { available, why } = availability(c)
  const notes = [note]
  // with no node to ask, nothing is known of where the archive can be fetched: the gateway row says so
  if (reach !== 'machine' && c.node != null) notes.push(publishedNote(c.archive), available ? undefined : `Others can replay it only once the archive can be fetched. ${why}`)
  return {
    replay,
    base,
    reach,
    reachNote: reachNote(reach, replay),
    notes: notes.filter((n): n is string => n != null),
    ipfs: c.cid != null ? ipfsLink(c.cid) : undefined,
    gateway: available && c.cid != null ? warcDownload(gatewayLink(c.gateway, c.cid), c.cid) : undefined,
    gatewayWhy: c.cid == null ? 'The content address of this version is not known yet.' : why,
    // the node that served this app answers /ipfs/ on its own origin for what it holds
    download: c.cid != null && c.node != null && c.archive != null ? warcDownload(new URL(`/ipfs/${c.cid}`, c.current).href, c.cid) : undefined
  }
}
