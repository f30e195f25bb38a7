import { InvalidInputError } from '../errors.ts'
import { parseIso, type Datetime } from '../datetime.ts'

/** One memento as a TimeMap JSON document lists it. */
export interface TimeMapJsonEntry {
  datetime: Datetime
  /** the URI-M, absolute */
  uri: string
  /** the IPARO's CID, when the archive is an IPARO archive (`ipfs://` share links) */
  cid?: string
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v != null

/**
 * Reads `mementos.list` of a TimeMap JSON document (the ipwb/pywb shape this project serves). A
 * document from another archive is untrusted input: anything not of that shape is a clear error,
 * and datetimes are normalised so that versions from several archives compare.
 */
export function parseTimeMapJson (body: string): TimeMapJsonEntry[] {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (err) {
    throw new InvalidInputError('the TimeMap is not JSON', { cause: err })
  }
  const list = isRecord(doc) && isRecord(doc.mementos) ? doc.mementos.list : undefined
  if (!Array.isArray(list)) throw new InvalidInputError('the TimeMap has no mementos.list')
  return list.map((item: unknown, i) => {
    if (!isRecord(item) || typeof item.datetime !== 'string' || typeof item.uri !== 'string') {
      throw new InvalidInputError(`TimeMap entry ${i} has no datetime and uri`)
    }
    const entry: TimeMapJsonEntry = { datetime: parseIso(item.datetime), uri: item.uri }
    if (typeof item.cid === 'string') entry.cid = item.cid
    return entry
  })
}
