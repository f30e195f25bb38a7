import { CID } from 'multiformats/cid'
import { InvalidInputError } from '../../core/errors.ts'
import type { PinRecord, PinStatus } from '../pins/pin-store.ts'

export const PIN_STATUSES: readonly PinStatus[] = ['queued', 'pinning', 'pinned', 'failed']
const MATCHES = ['exact', 'iexact', 'partial', 'ipartial'] as const
type Match = typeof MATCHES[number]

/** `GET /pins`'s filters, parsed and checked (spec: components/parameters). */
export interface PinQuery {
  cids?: CID[]
  name?: string
  match: Match
  statuses: PinStatus[]
  before?: number
  after?: number
  limit: number
  meta?: Record<string, string>
}

export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 1000
const MAX_CIDS = 10
const FILTERS = ['cid', 'name', 'status', 'before', 'after', 'meta']

/** Comma-separated (the spec's `style: form, explode: false`), repeated parameters allowed too. */
function listOf (params: URLSearchParams, name: string): string[] {
  return params.getAll(name).flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v !== '')
}

function timeOf (params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name)
  if (text == null) return undefined
  // RFC 3339 date-time: a date, a time and a zone, never a bare date or a local time
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(text) ? Date.parse(text) : NaN
  if (Number.isNaN(ms)) throw new InvalidInputError(`${name} must be an RFC 3339 date-time, not ${JSON.stringify(text)}`)
  return ms
}

function limitOf (params: URLSearchParams): number {
  const text = params.get('limit')
  if (text == null) return DEFAULT_LIMIT
  const limit = /^\d+$/.test(text) ? Number(text) : NaN
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_LIMIT}`)
  return limit
}

/** `?meta={"k":"v"}` as the spec says, or `meta[k]=v` as the generated JS client sends it. */
function metaOf (params: URLSearchParams): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  let given = false
  const json = params.get('meta')
  if (json != null) {
    given = true
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch (err) {
      throw new InvalidInputError('meta must be a JSON object of strings', { cause: err })
    }
    if (value == null || typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every(v => typeof v === 'string')) {
      throw new InvalidInputError('meta must be a JSON object of strings')
    }
    Object.assign(out, value)
  }
  for (const [key, value] of params) {
    const m = /^meta\[(.+)\]$/.exec(key)
    if (m?.[1] != null) { out[m[1]] = value; given = true }
  }
  return given ? out : undefined
}

function cidsOf (params: URLSearchParams): CID[] | undefined {
  const texts = listOf(params, 'cid')
  if (texts.length === 0) return params.has('cid') ? [] : undefined
  if (texts.length > MAX_CIDS) throw new InvalidInputError(`at most ${MAX_CIDS} CIDs per query`)
  return texts.map(text => {
    try {
      return CID.parse(text)
    } catch (err) {
      throw new InvalidInputError(`${JSON.stringify(text)} is not a CID`, { cause: err })
    }
  })
}

export function parsePinQuery (params: URLSearchParams): PinQuery {
  const match = params.get('match') ?? 'exact'
  if (!(MATCHES as readonly string[]).includes(match)) throw new InvalidInputError(`match must be one of ${MATCHES.join(', ')}`)
  const statuses = listOf(params, 'status')
  for (const s of statuses) if (!(PIN_STATUSES as readonly string[]).includes(s)) throw new InvalidInputError(`status must be among ${PIN_STATUSES.join(', ')}, not ${JSON.stringify(s)}`)
  const name = params.get('name') ?? undefined
  if (name != null && name.length > 255) throw new InvalidInputError('name is at most 255 characters')
  // "when no filter is provided, only successful pins are returned" (spec, GET /pins); with any
  // filter (a name, a CID, a date, …) every status matches unless `status` narrows it
  const anyFilter = FILTERS.some(f => params.has(f)) || [...params.keys()].some(k => k.startsWith('meta['))
  return {
    cids: cidsOf(params),
    name,
    match: match as Match,
    statuses: statuses.length > 0 ? statuses as PinStatus[] : anyFilter ? [...PIN_STATUSES] : ['pinned'],
    before: timeOf(params, 'before'),
    after: timeOf(params, 'after'),
    limit: limitOf(params),
    meta: metaOf(params)
  }
}

function nameMatches (query: PinQuery, name: string | undefined): boolean {
  if (query.name == null) return true
  if (name == null) return false
  switch (query.match) {
    case 'exact': return name === query.name
    case 'iexact': return name.toLowerCase() === query.name.toLowerCase()
    case 'partial': return name.includes(query.name)
    case 'ipartial': return name.toLowerCase().includes(query.name.toLowerCase())
  }
}

/** A CID's identity for matching: v0 and v1 of one dag-pb block are one pin. */
function cidKey (text: string): string {
  try {
    return CID.parse(text).toV1().toString()
  } catch {
    return text
  }
}

/** The pins the query selects: `count` all of them, `results` the newest `limit`, newest first. */
export function selectPins (pins: PinRecord[], query: PinQuery): { count: number, results: PinRecord[] } {
  const cids = query.cids == null ? undefined : new Set(query.cids.map(c => c.toV1().toString()))
  const matched = pins.filter(pin => {
    const created = Date.parse(pin.created)
    return query.statuses.includes(pin.status) &&
      (cids == null || cids.has(cidKey(pin.cid))) &&
      nameMatches(query, pin.name) &&
      (query.before == null || created < query.before) &&
      (query.after == null || created > query.after) &&
      (query.meta == null || Object.entries(query.meta).every(([k, v]) => pin.meta[k] === v))
  })
  matched.sort((a, b) => b.created.localeCompare(a.created) || b.requestid.localeCompare(a.requestid))
  return { count: matched.length, results: matched.slice(0, query.limit) }
}
