import { blockKey, type BlockGetter } from '../src/core/blocks.ts'
import type { ArchiveLocator } from '../src/core/replay/archive-readers.ts'
import { ReplayHandler } from '../src/core/replay/replay-handler.ts'
import type { SaveProgress } from '../src/messages/replay-messages.ts'
import type { BlockLedger } from './block-ledger.ts'
import type { PageLog } from './page-log.ts'

export interface SaveDeps {
  origin: string
  blocks: BlockGetter
  locator: ArchiveLocator
  ledger: BlockLedger
  pages: PageLog
}

export interface SaveResult { urls: number, blocks: number, bytes: number, failed: string[] }

const MAX_REDIRECTS = 5

/**
 * Keeps a replayed page for offline use: its URI-M and every replay URL it asked for are answered
 * again, bodies read to the end, by a replay handler of its own (so no in-memory cache hides a block),
 * and every block those answers touched — archive root, URL-map path, IPARO headers of the page and its
 * neighbours, payloads — is marked saved, out of eviction's reach.
 */
export async function saveForOffline (page: string, deps: SaveDeps, onProgress: (p: SaveProgress) => void): Promise<SaveResult> {
  const urls = [...new Set([page, ...await deps.pages.urls(page)])]
  const touched = new Map<string, { key: string, cid: string, size: number }>()
  // bytes of the distinct blocks touched, kept as they are first seen (a block's size never changes)
  let bytes = 0
  const marking: BlockGetter = {
    async get (cid, options) {
      const block = await deps.blocks.get(cid, options)
      const key = blockKey(cid)
      if (!touched.has(key)) bytes += block.byteLength
      touched.set(key, { key, cid: cid.toString(), size: block.byteLength })
      return block
    }
  }
  const handler = new ReplayHandler({ blocks: marking, locator: deps.locator, decodeContent: true })
  const failed: string[] = []
  let done = 0
  for (const path of urls) {
    try {
      let url = new URL(path, deps.origin)
      for (let hop = 0; ; hop++) {
        const response = await handler.handle(new Request(url), url)
        const location = response.headers.get('location')
        if (response.status >= 300 && response.status < 400 && location != null && hop < MAX_REDIRECTS) {
          url = new URL(location, url)
          if (url.origin !== deps.origin) break
          continue
        }
        await response.arrayBuffer()
        break
      }
    } catch {
      failed.push(path)
    }
    done++
    onProgress({ done, total: urls.length, blocks: touched.size, bytes, url: path })
  }
  await deps.ledger.markSaved(touched.values())
  return { urls: urls.length, blocks: touched.size, bytes, failed }
}

