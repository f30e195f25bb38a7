import { replayFailure, type ReplayFailure } from '../core/replay/replay-failure.ts'
import { lookUpArchive } from './archive-lookup.ts'
import type { FramePhase } from './frame-state-view.ts'
import type { HostResponse } from './worker-link.ts'

/** What the frame shows once its page is known, and whether that proves the archive exists. */
export interface FrameOutcome { phase: FramePhase, failure: ReplayFailure | undefined, archiveFound: boolean }

/**
 * Asks the worker again for an untitled page the frame shows (its status and headers say what it is).
 * A failure may be the URL's or the archive's ("not found" either way): the archive's own answer tells
 * them apart, and a missing archive is `no-archive`, with the worker's words.
 */
export async function frameOutcome (get: (path: string) => Promise<HostResponse>, page: string, archive: string): Promise<FrameOutcome> {
  const answer = await get(page)
  const failure = replayFailure(answer.status, answer.body, answer.headers)
  if (failure == null) return { phase: 'shown', failure, archiveFound: true }
  const lookup = await lookUpArchive(get, archive)
  if (lookup.kind === 'missing') return { phase: 'no-archive', failure: { ...failure, message: lookup.message }, archiveFound: false }
  return { phase: failure.kind, failure, archiveFound: lookup.kind === 'found' }
}
