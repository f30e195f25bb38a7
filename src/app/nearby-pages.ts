import type { ReplayTarget } from '../core/replay/replay-link.ts'
import { fetchPages, getJsonVia } from './archive-api-client.ts'
import type { WorkerLink } from './worker-link.ts'

/**
 * Other archived pages of the same host (the archive API, when the node or worker has it), not its fonts
 * and stylesheets; undefined when there is none to ask.
 */
export async function nearbyPages (link: WorkerLink, at: ReplayTarget): Promise<string[] | undefined> {
  const host = URL.parse(at.url)?.host
  if (host == null) return undefined
  try {
    const { pages } = await fetchPages(getJsonVia(async p => link.get(p)), at.archive, { prefix: host, limit: 10, type: 'page' })
    return (pages ?? []).map(p => p.url as unknown).filter((u): u is string => typeof u === 'string')
  } catch {
    // no archive API, or one that answers something else: no suggestions, the message stands alone
    return undefined
  }
}
