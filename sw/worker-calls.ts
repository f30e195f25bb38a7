import type { ArchiveLocator } from '../src/core/replay/archive-readers.ts'
import type { BlockGetter } from '../src/core/blocks.ts'
import type { CacheStats, CallReply } from '../src/messages/replay-messages.ts'
import type { CallEnvelope } from '../src/messages/worker-call.ts'
import type { BlockLedger } from './block-ledger.ts'
import type { Reply } from './call-page.ts'
import type { LazyHelia } from './helia-node.ts'
import type { PageLog } from './page-log.ts'
import { saveForOffline } from './save-for-offline.ts'
import type { SwSettings } from './sw-settings.ts'

export interface CallDeps {
  origin: string
  settings: SwSettings
  node: LazyHelia
  ledger: BlockLedger
  blocks: BlockGetter
  locator: ArchiveLocator
  pages: PageLog
  stats: () => Promise<CacheStats>
  /** answers a GET of this origin as the app's own request would be answered */
  route: (request: Request) => Promise<Response>
}

/** A GET relayed for the app (TimeMaps, archive API), read whole: the app shows it, a frame does not. */
async function relayedGet (path: string, deps: CallDeps): Promise<CallReply> {
  const response = await deps.route(new Request(new URL(path, deps.origin), { headers: { Accept: 'application/json' } }))
  return { type: 'fetched', status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text(), headers: Object.fromEntries(response.headers) }
}

/**
 * What the worker does for an authenticated call (sw/call-handler.ts). Every call first takes the
 * app's settings it carries: the only way settings reach the worker.
 */
export function callAnswerer (deps: CallDeps): (envelope: CallEnvelope, reply: Reply) => Promise<void> {
  return async ({ call, settings, names }, reply) => {
    if (deps.settings.push(settings, names)) await deps.node.reset()
    switch (call.type) {
      case 'settings':
        reply({ type: 'settings', settings: deps.settings.inForce(), fromApp: deps.settings.heardFromApp }, true)
        return
      case 'save': {
        const result = await saveForOffline(call.page, deps, progress => { reply({ type: 'save-progress', progress }) })
        reply({ type: 'save-done', ...result }, true)
        return
      }
      case 'clear-cache':
        await deps.ledger.clearUnsaved()
        reply({ type: 'stats', stats: await deps.stats() }, true)
        return
      case 'stats':
        reply({ type: 'stats', stats: await deps.stats() }, true)
        return
      case 'fetch':
        reply(await relayedGet(call.path, deps), true)
    }
  }
}
