import type { CID } from 'multiformats/cid'
import type { BlockGetter } from '../blocks.ts'
import { NotFoundError } from '../errors.ts'
import { statusForError } from '../routing/error-status.ts'
import { ArchiveApiHandler, type PagesReply } from './archive-api-handler.ts'

/** The archive API over named archives, answering like an edge (thrown errors become statuses); JSON replies. */
export function archiveApi (blocks: BlockGetter, archives: Record<string, CID>): <T = PagesReply>(path: string) => Promise<T> {
  const handler = new ArchiveApiHandler(blocks, {
    async locate (name) {
      const root = archives[name]
      if (root == null) throw new NotFoundError(`no archive ${name}`)
      return root
    }
  })
  return async <T>(path: string): Promise<T> => {
    const request = new Request(`http://node.test${path}`)
    let response: Response
    try {
      response = await handler.handle(request, new URL(request.url))
    } catch (err) {
      response = new Response(String(err), { status: statusForError(err) })
    }
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return await response.json() as T
  }
}
