import { readErrorBody } from '../core/routing/error-response.ts'
import type { HostResponse } from './worker-link.ts'

/** Whether an archive named in a link exists: `unknown` when the answer says nothing of it (the worker failed, a timeout). */
export type ArchiveLookup = { kind: 'found' } | { kind: 'missing', message: string } | { kind: 'unknown' }

// The archive API's errors that are about the archive itself: no such name (NotFoundError), a name or
// CID that is none (InvalidInputError), a root no gateway has or that is not an archive's.
const MISSING: Record<number, ReadonlySet<string>> = {
  400: new Set(['InvalidInputError']),
  404: new Set(['NotFoundError']),
  502: new Set(['BlockNotFoundError', 'ArchiveError', 'InvalidIparoError'])
}

/** Reads the answer to `GET /api/v1/archive/<archive>` (the archive's summary). */
export function archiveLookup (answer: Pick<HostResponse, 'status' | 'body'>): ArchiveLookup {
  if (answer.status === 200) return { kind: 'found' }
  const { code, message } = readErrorBody(answer.body)
  return MISSING[answer.status]?.has(code) === true ? { kind: 'missing', message } : { kind: 'unknown' }
}

/**
 * Asks the worker for the archive's summary: a URL answered "not found" may be missing from an
 * archive that exists, or the archive itself may not exist, and only the archive's own answer tells.
 */
export async function lookUpArchive (get: (path: string) => Promise<HostResponse>, archive: string): Promise<ArchiveLookup> {
  return archiveLookup(await get(`/api/v1/archive/${encodeURIComponent(archive)}`))
}
