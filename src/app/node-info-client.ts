import { parseNodeArchives, parseNodeInfo, type NodeArchiveInfo, type NodeArchives, type NodeInfo } from './node-info.ts'
import { rememberIpnsNames } from './ipns-names.ts'

const TIMEOUT_MS = 5000

/** What the node serving this app says; each part undefined when there is no node (a static host) or it did not answer. */
export interface NodeState {
  info: NodeInfo | undefined
  archives: NodeArchives | undefined
}

async function getJson (path: string): Promise<unknown> {
  try {
    const response = await fetch(path, { signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' })
    return response.ok ? await response.json() as unknown : undefined
  } catch {
    // no node (a static host answers 404, or its index page, which is not JSON), or it is stopped
    return undefined
  }
}

/**
 * The node's plain list of archives (`GET /api/v1/archives`), for a node that cannot say more of them:
 * their IPNS names at least, with nothing known of where they were published or pinned.
 */
async function plainArchives (): Promise<NodeArchiveInfo[] | undefined> {
  const list = parseNodeArchives(await getJson('/api/v1/archives'))?.archives
  return list?.map(a => ({ ...a, published: undefined, pins: undefined, announced: undefined }))
}

/** Asks the node serving this app about itself and its archives, and remembers their IPNS names for offline use. */
export async function fetchNodeState (): Promise<NodeState> {
  const [info, detailed] = await Promise.all([getJson('/api/v1/node'), getJson('/api/v1/node/archives')])
  const state = { info: parseNodeInfo(info), archives: parseNodeArchives(detailed) }
  if (state.info != null && state.archives?.archives == null) state.archives = { services: state.archives?.services, archives: await plainArchives() }
  if (state.archives?.archives != null) rememberIpnsNames(state.archives.archives)
  return state
}

let last: { at: number, state: Promise<NodeState> } | undefined

/** The node's state, asked again when the last answer is older than `maxAgeMs`: share panels of one page share it. */
export async function nodeState (maxAgeMs = 30_000): Promise<NodeState> {
  if (last == null || Date.now() - last.at > maxAgeMs) last = { at: Date.now(), state: fetchNodeState() }
  return last.state
}
