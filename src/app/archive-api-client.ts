import type { ArchiveSummary, PagesReply } from '../core/replay/archive-api-handler.ts'
import type { PageKind } from '../core/replay/page-kind.ts'
import { readErrorBody } from '../core/routing/error-response.ts'
import type { HostResponse } from './worker-link.ts'

/** A failed API call, with a sentence a person can act on. */
export class ApiFailure extends Error {
  override name = 'ApiFailure'
  constructor (message: string, readonly status: number) {
    super(message)
  }
}

/** What an error status from the worker or node means to the person looking at the app. */
export function describeFailure (status: number, body: string): string {
  const detail = readErrorBody(body).message
  if (status === 0) return `The replay service worker could not answer (${detail}). Reloading the page starts it again.`
  if (status === 404) return `Not found: ${detail}`
  if (status === 400) return `The request was refused: ${detail}`
  if (status === 502) return `The archive's data could not be fetched or failed verification (${detail}). Check the gateways in Settings, or whether you are offline.`
  if (status === 503 || status === 504) return `The gateways did not answer in time (${detail}). Check the gateways in Settings.`
  return `Something went wrong (${status}): ${detail}`
}

export type GetJson = (path: string) => Promise<unknown>

/** A GET through the replay host (its worker answers, online or offline), parsed as JSON or failed with a sentence. */
export function getJsonVia (get: (path: string) => Promise<HostResponse>): GetJson {
  return async (path) => {
    const r = await get(path)
    if (r.status !== 200) throw new ApiFailure(describeFailure(r.status, r.body), r.status)
    try {
      return JSON.parse(r.body) as unknown
    } catch {
      throw new ApiFailure(`The answer to ${path} was not JSON: is this an IPARO node?`, r.status)
    }
  }
}

const base = (archive: string): string => `/api/v1/archive/${encodeURIComponent(archive)}`

export async function fetchSummary (getJson: GetJson, archive: string): Promise<ArchiveSummary> {
  return await getJson(base(archive)) as ArchiveSummary
}

/** `type`: only URLs of this kind (page-kind.ts); like `q`, it pages by `after` */
export interface PagesParams { offset?: number, after?: string, limit: number, prefix?: string, q?: string, type?: PageKind }

export async function fetchPages (getJson: GetJson, archive: string, p: PagesParams): Promise<PagesReply> {
  const params = new URLSearchParams()
  if (p.offset != null) params.set('offset', String(p.offset))
  if (p.after != null) params.set('after', p.after)
  params.set('limit', String(p.limit))
  if (p.prefix != null) params.set('prefix', p.prefix)
  if (p.q != null) params.set('q', p.q)
  if (p.type != null) params.set('type', p.type)
  return await getJson(`${base(archive)}/pages?${params.toString()}`) as PagesReply
}
