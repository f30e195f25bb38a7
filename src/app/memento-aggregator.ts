import { readErrorBody } from '../core/routing/error-response.ts'
import { parseTimeMapJson, type TimeMapJsonEntry } from '../core/timeline/timemap-json.ts'
import { mergeVersions, type Version } from '../core/timeline/merge-versions.ts'
import type { WorkerLink } from './worker-link.ts'
import type { TimelineSource } from './memento-timeline.ts'

export interface AggregateArchive { id: string, label: string }

export interface Aggregate { versions: Version[], sources: TimelineSource[] }

/** `404 NotFoundError: no archive …`: the status and code stay, a source's failure is read at a glance. */
function failureLine (status: number, body: string): string {
  const { code, message } = readErrorBody(body)
  return code !== '' ? `${status} ${code}: ${message}` : message !== '' ? message : `status ${status}`
}

/**
 * The versions of `url` in every archive, merged: each archive's TimeMap JSON read through the replay
 * origin's worker (so it works offline, from the blocks it holds). An archive that does not hold the
 * URL answers 404 with an empty TimeMap and adds nothing; one that fails (or is not found at all) is
 * named with its failure, the others still show.
 */
export async function aggregateVersions (link: WorkerLink, archives: AggregateArchive[], url: string): Promise<Aggregate> {
  const results = await Promise.all(archives.map(async (a): Promise<{ entries: TimeMapJsonEntry[], error?: string }> => {
    try {
      const r = await link.get(`/${a.id}/timemap/json/${url}`)
      // 404 with a TimeMap document: the archive does not hold the URL; a plain-text 404 is the archive itself missing
      if (r.status === 404 && r.contentType.startsWith('application/json')) return { entries: [] }
      if (r.status !== 200) return { entries: [], error: r.status === 0 ? 'the worker did not answer' : failureLine(r.status, r.body) }
      return { entries: parseTimeMapJson(r.body) }
    } catch (err) {
      return { entries: [], error: err instanceof Error ? err.message : String(err) }
    }
  }))
  const versions = mergeVersions(archives.map((a, i) => ({ archive: a.id, entries: results[i]?.entries ?? [] })))
  const sources = archives.map((a, i): TimelineSource => {
    const r = results[i]
    return { archive: a.id, label: a.label, count: r?.entries.length ?? 0, ...(r?.error != null ? { error: r.error } : {}) }
  })
  return { versions, sources }
}
